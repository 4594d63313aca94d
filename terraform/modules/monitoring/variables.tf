variable "name" {
  description = "Prefix of the SNS topic and alarm names."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,200}$", var.name))
    error_message = "name must be 1 to 200 letters, digits, hyphens or underscores."
  }
}

variable "alarm_email" {
  description = "Address the alarms are mailed to (SNS sends a confirmation mail first)."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[a-zA-Z]{2,}$", var.alarm_email))
    error_message = "alarm_email must be an email address."
  }
}

variable "lambda" {
  description = "The function to watch (errors, throttles, duration near the timeout), or null."
  type = object({
    function_name   = string
    timeout_seconds = number
  })
  default = null
}

variable "ecs" {
  description = "The ECS service to watch (running tasks below desired, CPU and memory high), or null."
  type = object({
    cluster_name  = string
    service_name  = string
    desired_count = number
  })
  default = null
}

variable "kinesis_stream_name" {
  description = "The event stream to watch (consumers falling behind), or null."
  type        = string
  default     = null
}

variable "rds_instance_id" {
  description = "The DB instance to watch (free storage low, CPU high), or null."
  type        = string
  default     = null
}

variable "http_api_id" {
  description = "The HTTP API to watch (5xx answers), or null."
  type        = string
  default     = null
}

variable "iterator_age_threshold_ms" {
  description = "Alarm when the oldest unread record in the stream is older than this (ms)."
  type        = number
  default     = 600000

  validation {
    condition     = var.iterator_age_threshold_ms >= 60000
    error_message = "iterator_age_threshold_ms must be at least 60000 (one minute)."
  }
}

variable "free_storage_threshold_gb" {
  description = "Alarm when the database has less free storage than this (GiB)."
  type        = number
  default     = 5

  validation {
    condition     = var.free_storage_threshold_gb >= 1
    error_message = "free_storage_threshold_gb must be at least 1."
  }
}

variable "cpu_threshold_percent" {
  description = "Alarm when the tasks' or the database's average CPU stays above this (percent) for 15 minutes."
  type        = number
  default     = 80

  validation {
    condition     = var.cpu_threshold_percent > 0 && var.cpu_threshold_percent <= 100
    error_message = "cpu_threshold_percent must be above 0 and at most 100."
  }
}

variable "duration_threshold_percent" {
  description = "Alarm when an invocation takes more than this share of the function's timeout (percent)."
  type        = number
  default     = 80

  validation {
    condition     = var.duration_threshold_percent > 0 && var.duration_threshold_percent < 100
    error_message = "duration_threshold_percent must be above 0 and below 100."
  }
}
