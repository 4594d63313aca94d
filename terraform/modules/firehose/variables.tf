variable "name" {
  description = "Name of the delivery stream; also names its role and log group."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{1,64}$", var.name))
    error_message = "name must be 1 to 64 letters, digits, dots, underscores or hyphens."
  }
}

variable "kinesis_stream_arn" {
  description = "ARN of the event stream Firehose reads."
  type        = string
}

variable "bucket_arn" {
  description = "ARN of the bucket Firehose writes to (the raw-events bucket)."
  type        = string
}

variable "prefix" {
  description = "Key prefix of the delivered objects, before the year=/month=/day=/hour= partitions."
  type        = string
  default     = "events"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$", var.prefix))
    error_message = "prefix must be one or more lower-case path segments without leading or trailing slashes."
  }
}

variable "buffering_size_mb" {
  description = "Firehose writes an object when this many MB are buffered (or the interval passed)."
  type        = number
  default     = 5

  validation {
    condition     = var.buffering_size_mb >= 1 && var.buffering_size_mb <= 128
    error_message = "buffering_size_mb must be from 1 to 128."
  }
}

variable "buffering_interval_seconds" {
  description = "Firehose writes an object when its oldest record is this old (or the size is reached)."
  type        = number
  default     = 60

  validation {
    condition     = var.buffering_interval_seconds >= 0 && var.buffering_interval_seconds <= 900
    error_message = "buffering_interval_seconds must be from 0 to 900."
  }
}

variable "log_retention_days" {
  description = "Days Firehose's error logs are kept."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}
