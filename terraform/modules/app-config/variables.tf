variable "name" {
  description = "Prefix of the secret this module creates."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2 to 41 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "region" {
  description = "AWS region of the bucket and the stream."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-2."
  }
}

variable "db_address" {
  description = "Host name of the SQL Server database."
  type        = string
}

variable "db_port" {
  description = "Port of the SQL Server database."
  type        = number
  default     = 1433
}

variable "db_name" {
  description = "The app's database (databaseName in the JDBC URL)."
  type        = string
}

variable "db_username" {
  description = "User the app logs in with."
  type        = string
}

variable "db_connection_properties" {
  description = "Driver properties appended to the JDBC URL after databaseName, ;-separated (see the root README on TLS)."
  type        = string
  default     = "encrypt=true;trustServerCertificate=true"

  validation {
    condition     = can(regex("^([A-Za-z]+=[^;]+)(;[A-Za-z]+=[^;]+)*$", var.db_connection_properties))
    error_message = "db_connection_properties must be key=value pairs separated by semicolons, e.g. encrypt=true;trustServerCertificate=true."
  }
}

variable "plant_base_url" {
  description = "Base URL of the plant sensor API."
  type        = string

  validation {
    condition     = can(regex("^https?://[^\\s]+$", var.plant_base_url))
    error_message = "plant_base_url must be an http(s) URL."
  }
}

variable "archive_bucket_name" {
  description = "Bucket of the archive and of the app's event delivery."
  type        = string
}

variable "archive_bucket_arn" {
  description = "ARN of the archive bucket, for the app's policy."
  type        = string
}

variable "archive_prefix" {
  description = "Key prefix of the archive datasets and the delivered events in the archive bucket."
  type        = string
  default     = "greenhouse"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$", var.archive_prefix))
    error_message = "archive_prefix must be one or more lower-case path segments without leading or trailing slashes."
  }
}

variable "kinesis_stream_name" {
  description = "Name of the event stream."
  type        = string
}

variable "kinesis_stream_arn" {
  description = "ARN of the event stream, for the app's policy."
  type        = string
}

variable "alerts_topic_arn" {
  description = "ARN of the SNS topic the app publishes pipeline alerts to, for its settings and its policy."
  type        = string
}

variable "internal_triggers" {
  description = "Whether the app runs its own timers and crons (Fargate) or something else triggers the pipelines (Lambda: EventBridge)."
  type        = bool
}

variable "events_delivery_enabled" {
  description = "Whether the app's own timer delivers the stream to the archive (off on Lambda and when Firehose does it)."
  type        = bool
}

variable "events_api_keys" {
  description = "API keys accepted by POST /api/events."
  type        = list(string)
  sensitive   = true

  validation {
    condition     = length(var.events_api_keys) >= 1 && alltrue([for key in var.events_api_keys : length(key) >= 16 && !can(regex("[,\\s]", key))])
    error_message = "events_api_keys must hold at least one key of 16 or more characters without commas or whitespace."
  }
}

variable "extra_environment" {
  description = "More environment variables for the app (any greenhouse.* setting by its env name); they win over the computed ones."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for name in keys(var.extra_environment) : can(regex("^[A-Z_][A-Z0-9_]*$", name))])
    error_message = "extra_environment keys must be environment variable names (upper case, digits, underscores)."
  }
}

variable "secret_recovery_window_days" {
  description = "Days a deleted API-key secret can still be restored (0 deletes at once)."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or from 7 to 30."
  }
}

variable "warehouse_ingestion_bucket_name" {
  description = "Bucket of the warehouse's ingestion zone."
  type        = string
}

variable "warehouse_ingestion_bucket_arn" {
  description = "ARN of the ingestion zone bucket, for the app's policy."
  type        = string
}

variable "warehouse_processed_bucket_name" {
  description = "Bucket of the warehouse's processed zone."
  type        = string
}

variable "warehouse_processed_bucket_arn" {
  description = "ARN of the processed zone bucket, for the app's policy."
  type        = string
}

variable "warehouse_databases" {
  description = "The warehouse's source (totesys) and target (the warehouse) databases: JDBC URL, user and password each; the passwords go to Secrets Manager."
  type = object({
    source = object({ url = string, username = string, password = string })
    target = object({ url = string, username = string, password = string })
  })
  sensitive = true

  validation {
    condition     = alltrue([for db in [var.warehouse_databases.source, var.warehouse_databases.target] : can(regex("^jdbc:[a-z0-9]+:", db.url)) && length(db.username) > 0 && length(db.password) > 0])
    error_message = "warehouse_databases needs a jdbc: URL, a user and a password for both source and target."
  }
}
