variable "name" {
  description = "Prefix of every resource name (<name>-<environment> in the roots)."
  type        = string
}

variable "region" {
  description = "AWS region the app runs in (its settings name it)."
  type        = string
}

variable "vpc_id" {
  description = "VPC the database runs in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the database, in at least two availability zones."
  type        = list(string)
}

variable "archive_prefix" {
  description = "Key prefix of the archive datasets and delivered events in the archive bucket."
  type        = string
}

variable "log_retention_days" {
  description = "Days Firehose keeps its error logs."
  type        = number
}

variable "runtime" {
  description = "What the deployment's runtime needs: an artifacts bucket for its packages; whether the app's own timers trigger the pipelines; whether the app itself delivers the stream's events to S3."
  type = object({
    artifacts_bucket_enabled = bool
    internal_triggers        = bool
    events_delivery_enabled  = bool
  })
}

variable "storage" {
  description = "The buckets: name prefix, archive lifecycle, query results expiry, and whether destroy empties them (modules/storage)."
  type = object({
    bucket_prefix                    = string
    archive_transition_days          = number
    archive_transition_storage_class = string
    athena_results_expiration_days   = number
    force_destroy                    = bool
  })
}

variable "database" {
  description = "The RDS SQL Server instance (modules/database)."
  type = object({
    engine                   = string
    engine_version           = string
    instance_class           = string
    allocated_storage_gb     = number
    max_allocated_storage_gb = number
    multi_az                 = bool
    username                 = string
    password_version         = number
    database_name            = string
    backup_retention_days    = number
    deletion_protection      = bool
    skip_final_snapshot      = bool
  })
}

variable "kinesis" {
  description = "The event stream's capacity mode, shards and retention (modules/kinesis)."
  type = object({
    stream_mode     = string
    shard_count     = number
    retention_hours = number
  })
}

variable "firehose" {
  description = "Whether Firehose delivers the stream to the raw-events bucket, and its buffering (modules/firehose)."
  type = object({
    enabled                    = bool
    buffering_size_mb          = number
    buffering_interval_seconds = number
  })
}

variable "athena" {
  description = "The workgroup's per-query scan limit, and whether to create the query policy (modules/athena)."
  type = object({
    bytes_scanned_cutoff_per_query = number
    create_query_policy            = bool
  })
}

variable "app" {
  description = "The app's own settings: the plant API, the JDBC connection properties, and any other greenhouse.* setting by environment variable name (modules/app-config)."
  type = object({
    plant_base_url           = string
    db_connection_properties = string
    extra_environment        = map(string)
  })
}

variable "alerts" {
  description = "Where the pipeline alerts topic is mailed to (modules/alerts)."
  type = object({
    email = string
  })
}

variable "events_api_keys" {
  description = "API keys POST /api/events accepts."
  type        = list(string)
  sensitive   = true
}

variable "warehouse_databases" {
  description = "The warehouse's source and target databases: JDBC URL, user and password each (modules/app-config)."
  type = object({
    source = object({ url = string, username = string, password = string })
    target = object({ url = string, username = string, password = string })
  })
  sensitive = true
}
