variable "name" {
  description = "Name of the Athena workgroup and prefix of the optional query policy."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9._-]{1,128}$", var.name))
    error_message = "name must be 1 to 128 letters, digits, dots, underscores or hyphens."
  }
}

variable "database_name" {
  description = "Glue database holding the plant_reading and daily_summary tables."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,254}$", var.database_name))
    error_message = "database_name must start with a lower-case letter and hold only lower-case letters, digits and underscores."
  }
}

variable "archive_bucket_name" {
  description = "Bucket the archive pipeline writes the Parquet datasets to."
  type        = string
}

variable "archive_bucket_arn" {
  description = "ARN of the archive bucket, for the query policy."
  type        = string
}

variable "archive_prefix" {
  description = "Key prefix of the datasets in the archive bucket (greenhouse.archive.prefix)."
  type        = string
  default     = "greenhouse"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$", var.archive_prefix))
    error_message = "archive_prefix must be one or more lower-case path segments without leading or trailing slashes."
  }
}

variable "results_bucket_name" {
  description = "Bucket for Athena query results."
  type        = string
}

variable "results_bucket_arn" {
  description = "ARN of the results bucket, for the query policy."
  type        = string
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Queries scanning more bytes than this are cancelled (at least 10 MB)."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.bytes_scanned_cutoff_per_query >= 10485760
    error_message = "bytes_scanned_cutoff_per_query must be at least 10485760 (10 MB)."
  }
}

variable "create_query_policy" {
  description = "Whether to create an IAM policy that lets its holders query the tables in the workgroup (attach it to analysts' roles)."
  type        = bool
  default     = true
}
