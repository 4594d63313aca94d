variable "bucket_prefix" {
  description = "Prefix of every bucket name: <prefix>-archive, <prefix>-athena-results, <prefix>-raw-events, <prefix>-artifacts. Bucket names are global, so include something unique (account id, organisation)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,46}[a-z0-9]$", var.bucket_prefix)) && !can(regex("--", var.bucket_prefix))
    error_message = "bucket_prefix must be 3 to 48 characters of lower-case letters, digits and single hyphens, starting and ending with a letter or digit (the longest suffix, -athena-results, must still fit in 63)."
  }
}

variable "raw_events_bucket_enabled" {
  description = "Whether to create the raw-events bucket (the Firehose destination)."
  type        = bool
  default     = false
}

variable "artifacts_bucket_enabled" {
  description = "Whether to create the artifacts bucket (deployment packages such as the Lambda function.zip)."
  type        = bool
  default     = false
}

variable "archive_transition_days" {
  description = "Days after which archive and raw-event objects move to the archive_transition_storage_class."
  type        = number
  default     = 90

  validation {
    condition     = var.archive_transition_days >= 1 && var.archive_transition_days <= 3650 && floor(var.archive_transition_days) == var.archive_transition_days
    error_message = "archive_transition_days must be a whole number from 1 to 3650."
  }
}

variable "archive_transition_storage_class" {
  description = "Glacier class the archive moves to. GLACIER_IR (Instant Retrieval) stays readable by Athena and by the archive pipeline; GLACIER and DEEP_ARCHIVE objects need a restore before anyone can read them."
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

variable "noncurrent_version_expiration_days" {
  description = "Days after which overwritten or deleted object versions are removed from the versioned buckets."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && var.noncurrent_version_expiration_days <= 3650
    error_message = "noncurrent_version_expiration_days must be from 1 to 3650."
  }
}

variable "force_destroy" {
  description = "Whether terraform destroy may delete buckets that still hold objects. Keep false outside throw-away environments."
  type        = bool
  default     = false
}
