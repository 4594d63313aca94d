# The variables both deployments declare. Each root reads this file through a symbolic link,
# terraform/<root>/shared-variables.tf -> ../shared/variables.tf, so there is one declaration of each
# (TerraformModulesTest checks the links). A root's own variables.tf holds only what its runtime needs.

variable "name" {
  description = "Application name, the first part of every resource name (<name>-<environment>-...)."
  type        = string
  default     = "greenhouse"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name))
    error_message = "name must be 3 to 20 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name, the second part of every resource name (dev, staging, prod, ...)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment must be 2 to 10 lower-case letters and digits, starting with a letter."
  }
}

variable "aws_region" {
  description = "AWS region of every resource, e.g. eu-west-2."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must be an AWS region name such as eu-west-2."
  }
}

variable "tags" {
  description = "Tags for every resource, besides Application, Environment, Deployment and ManagedBy."
  type        = map(string)
  default     = {}
}

variable "vpc_id" {
  description = "Existing VPC the database and the app run in."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets of the VPC in at least two availability zones, with a NAT gateway (or VPC endpoints for S3, Kinesis, Secrets Manager, ECR, Logs) and a route to the plant API."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2 && alltrue([for id in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "private_subnet_ids must hold at least two ids like subnet-0123456789abcdef0."
  }
}

variable "bucket_prefix" {
  description = "Prefix of the bucket names (<prefix>-archive, <prefix>-athena-results, ...); bucket names are global, so make it unique, e.g. with the account id."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,46}[a-z0-9]$", var.bucket_prefix)) && !can(regex("--", var.bucket_prefix))
    error_message = "bucket_prefix must be 3 to 48 lower-case letters, digits and single hyphens, starting and ending with a letter or digit."
  }
}

variable "archive_prefix" {
  description = "Key prefix of the archive datasets and delivered events in the archive bucket (greenhouse.archive.prefix)."
  type        = string
  default     = "greenhouse"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$", var.archive_prefix))
    error_message = "archive_prefix must be one or more lower-case path segments without leading or trailing slashes."
  }
}

variable "archive_transition_days" {
  description = "Days after which archived objects move to archive_transition_storage_class."
  type        = number
  default     = 90

  validation {
    condition     = var.archive_transition_days >= 1 && var.archive_transition_days <= 3650
    error_message = "archive_transition_days must be from 1 to 3650."
  }
}

variable "archive_transition_storage_class" {
  description = "Glacier class of old archive objects: GLACIER_IR stays queryable by Athena; GLACIER and DEEP_ARCHIVE need a restore first."
  type        = string
  default     = "GLACIER_IR"

  validation {
    condition     = contains(["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"], var.archive_transition_storage_class)
    error_message = "archive_transition_storage_class must be GLACIER_IR, GLACIER or DEEP_ARCHIVE."
  }
}

variable "athena_results_expiration_days" {
  description = "Days after which Athena query results are deleted."
  type        = number
  default     = 30

  validation {
    condition     = var.athena_results_expiration_days >= 1 && var.athena_results_expiration_days <= 3650
    error_message = "athena_results_expiration_days must be from 1 to 3650."
  }
}

variable "force_destroy_buckets" {
  description = "Whether terraform destroy may delete buckets that still hold objects; keep false outside throw-away environments."
  type        = bool
  default     = false
}

variable "plant_base_url" {
  description = "Base URL of the plant sensor API (GREENHOUSE_PLANT_BASE_URL)."
  type        = string

  validation {
    condition     = can(regex("^https?://[^\\s]+$", var.plant_base_url))
    error_message = "plant_base_url must be an http(s) URL."
  }
}

variable "events_api_keys" {
  description = "API keys POST /api/events accepts (GREENHOUSE_EVENTS_API_KEYS), each 16 or more characters."
  type        = list(string)
  sensitive   = true

  validation {
    condition     = length(var.events_api_keys) >= 1 && alltrue([for key in var.events_api_keys : length(key) >= 16 && !can(regex("[,\\s]", key))])
    error_message = "events_api_keys must hold at least one key of 16 or more characters without commas or whitespace."
  }
}

variable "warehouse_source" {
  description = "The operational (totesys) database the warehouse copies (GREENHOUSE_WAREHOUSE_SOURCE_*): a JDBC URL such as jdbc:postgresql://host:5432/totesys, a read-only user and its password (kept in Secrets Manager). The function must reach it from private_subnet_ids."
  type = object({
    url      = string
    username = string
    password = string
  })
  sensitive = true

  validation {
    condition     = can(regex("^jdbc:[a-z0-9]+:", var.warehouse_source.url)) && length(var.warehouse_source.username) > 0 && length(var.warehouse_source.password) > 0
    error_message = "warehouse_source needs a jdbc: URL, a user and a password."
  }
}

variable "warehouse_target" {
  description = "The warehouse database, PostgreSQL (GREENHOUSE_WAREHOUSE_TARGET_*): a JDBC URL such as jdbc:postgresql://host:5432/warehouse, a user that may create tables (its own Flyway migrations) and its password (kept in Secrets Manager)."
  type = object({
    url      = string
    username = string
    password = string
  })
  sensitive = true

  validation {
    condition     = can(regex("^jdbc:postgresql:", var.warehouse_target.url)) && length(var.warehouse_target.username) > 0 && length(var.warehouse_target.password) > 0
    error_message = "warehouse_target needs a jdbc:postgresql: URL, a user and a password."
  }
}

variable "extra_environment" {
  description = "More app settings as environment variables (any greenhouse.* setting by its env name, e.g. GREENHOUSE_PLANT_IDS); they win over the computed ones."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for name in keys(var.extra_environment) : can(regex("^[A-Z_][A-Z0-9_]*$", name))])
    error_message = "extra_environment keys must be environment variable names (upper case, digits, underscores)."
  }
}

variable "db_engine" {
  description = "RDS SQL Server edition: sqlserver-ex (Express: cheapest, no Multi-AZ), sqlserver-web, sqlserver-se or sqlserver-ee."
  type        = string
  default     = "sqlserver-ex"

  validation {
    condition     = contains(["sqlserver-ex", "sqlserver-web", "sqlserver-se", "sqlserver-ee"], var.db_engine)
    error_message = "db_engine must be sqlserver-ex, sqlserver-web, sqlserver-se or sqlserver-ee."
  }
}

variable "db_engine_version" {
  description = "SQL Server engine version (e.g. 16.00); null takes the RDS default when the instance is created."
  type        = string
  default     = null
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t3.small"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.db_instance_class))
    error_message = "db_instance_class must look like db.t3.small."
  }
}

variable "db_allocated_storage_gb" {
  description = "Initial database storage in GiB (at least 20)."
  type        = number
  default     = 20

  validation {
    condition     = var.db_allocated_storage_gb >= 20 && var.db_allocated_storage_gb <= 16384
    error_message = "db_allocated_storage_gb must be from 20 to 16384."
  }
}

variable "db_max_allocated_storage_gb" {
  description = "Upper bound of storage autoscaling in GiB; 0 turns it off."
  type        = number
  default     = 100

  validation {
    condition     = var.db_max_allocated_storage_gb == 0 || (var.db_max_allocated_storage_gb >= 20 && var.db_max_allocated_storage_gb <= 16384)
    error_message = "db_max_allocated_storage_gb must be 0 or from 20 to 16384."
  }
}

variable "db_multi_az" {
  description = "Whether the database keeps a standby in a second availability zone (not with sqlserver-ex)."
  type        = bool
  default     = false
}

variable "db_username" {
  description = "Master user name the app logs in with (GREENHOUSE_DB_USERNAME); the password is generated."
  type        = string
  default     = "greenhouse"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,127}$", var.db_username)) && !contains(["sa", "admin", "administrator", "root"], lower(var.db_username))
    error_message = "db_username must start with a letter, hold only letters, digits and underscores, and not be sa, admin, administrator or root."
  }
}

variable "db_name" {
  description = "The app's database (databaseName of GREENHOUSE_DB_URL); create it once after the first apply (README)."
  type        = string
  default     = "plants"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,127}$", var.db_name))
    error_message = "db_name must start with a letter and hold only letters, digits and underscores."
  }
}

variable "db_password_version" {
  description = "Version of the generated database password: raise it to rotate the password (README, \"Secrets\")."
  type        = number
  default     = 1

  validation {
    condition     = var.db_password_version >= 1 && floor(var.db_password_version) == var.db_password_version
    error_message = "db_password_version must be a whole number from 1."
  }
}

variable "db_connection_properties" {
  description = "JDBC driver properties after databaseName in GREENHOUSE_DB_URL. The default encrypts but does not verify the server certificate (the RDS CA is not in the JVM's trust store): see README, TLS to the database."
  type        = string
  default     = "encrypt=true;trustServerCertificate=true"

  validation {
    condition     = can(regex("^([A-Za-z]+=[^;]+)(;[A-Za-z]+=[^;]+)*$", var.db_connection_properties))
    error_message = "db_connection_properties must be key=value pairs separated by semicolons."
  }
}

variable "db_backup_retention_days" {
  description = "Days of automated database backups (0 turns them off)."
  type        = number
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 0 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be from 0 to 35."
  }
}

variable "db_deletion_protection" {
  description = "Whether the database refuses deletion (set false before terraform destroy)."
  type        = bool
  default     = true
}

variable "db_skip_final_snapshot" {
  description = "Whether deleting the database skips the final snapshot."
  type        = bool
  default     = false
}

variable "kinesis_stream_mode" {
  description = "Event stream capacity mode: ON_DEMAND or PROVISIONED."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "PROVISIONED"], var.kinesis_stream_mode)
    error_message = "kinesis_stream_mode must be ON_DEMAND or PROVISIONED."
  }
}

variable "kinesis_shard_count" {
  description = "Shards of the event stream with kinesis_stream_mode PROVISIONED."
  type        = number
  default     = 1

  validation {
    condition     = var.kinesis_shard_count >= 1 && var.kinesis_shard_count <= 500
    error_message = "kinesis_shard_count must be from 1 to 500."
  }
}

variable "kinesis_retention_hours" {
  description = "Hours records stay in the event stream (how long delivery may be down without losing events)."
  type        = number
  default     = 24

  validation {
    condition     = var.kinesis_retention_hours >= 24 && var.kinesis_retention_hours <= 8760
    error_message = "kinesis_retention_hours must be from 24 to 8760."
  }
}

variable "firehose_enabled" {
  description = "Whether Kinesis Data Firehose delivers the event stream to the raw-events bucket; the app's own delivery (events-deliver) is then off."
  type        = bool
  default     = false
}

variable "firehose_buffering_size_mb" {
  description = "Firehose writes an object when this many MB are buffered."
  type        = number
  default     = 5

  validation {
    condition     = var.firehose_buffering_size_mb >= 1 && var.firehose_buffering_size_mb <= 128
    error_message = "firehose_buffering_size_mb must be from 1 to 128."
  }
}

variable "firehose_buffering_interval_seconds" {
  description = "Firehose writes an object when its oldest record is this many seconds old."
  type        = number
  default     = 60

  validation {
    condition     = var.firehose_buffering_interval_seconds >= 0 && var.firehose_buffering_interval_seconds <= 900
    error_message = "firehose_buffering_interval_seconds must be from 0 to 900."
  }
}

variable "athena_bytes_scanned_cutoff_per_query" {
  description = "Athena cancels queries that scan more bytes than this (at least 10 MB)."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.athena_bytes_scanned_cutoff_per_query >= 10485760
    error_message = "athena_bytes_scanned_cutoff_per_query must be at least 10485760 (10 MB)."
  }
}

variable "athena_create_query_policy" {
  description = "Whether to create an IAM policy for querying the archive (output athena_query_policy_arn) to attach to analysts' roles."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the app's, API's and Firehose's logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "alarm_email" {
  description = "Email address the CloudWatch alarms are sent to (confirm the subscription mail SNS sends)."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[a-zA-Z]{2,}$", var.alarm_email))
    error_message = "alarm_email must be an email address."
  }
}

variable "alert_email" {
  description = "Email address the pipeline alerts (a pipeline failing, and recovering) are sent to; null sends them to alarm_email."
  type        = string
  default     = null

  validation {
    condition     = var.alert_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[a-zA-Z]{2,}$", var.alert_email))
    error_message = "alert_email must be an email address."
  }
}

variable "alarm_iterator_age_ms" {
  description = "Alarm when the event stream's consumer is behind by more than this many milliseconds."
  type        = number
  default     = 600000

  validation {
    condition     = var.alarm_iterator_age_ms >= 60000
    error_message = "alarm_iterator_age_ms must be at least 60000."
  }
}

variable "alarm_db_free_storage_gb" {
  description = "Alarm when the database has less free storage than this many GiB."
  type        = number
  default     = 5

  validation {
    condition     = var.alarm_db_free_storage_gb >= 1
    error_message = "alarm_db_free_storage_gb must be at least 1."
  }
}

variable "alarm_cpu_percent" {
  description = "Alarm when the app's or the database's CPU stays above this percentage for 15 minutes."
  type        = number
  default     = 80

  validation {
    condition     = var.alarm_cpu_percent > 0 && var.alarm_cpu_percent <= 100
    error_message = "alarm_cpu_percent must be above 0 and at most 100."
  }
}
