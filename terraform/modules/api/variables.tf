variable "name" {
  description = "Name of the HTTP API and its access log group."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{1,128}$", var.name))
    error_message = "name must be 1 to 128 letters, digits, dots, underscores or hyphens."
  }
}

variable "function_name" {
  description = "Name of the Lambda function behind the API."
  type        = string
}

variable "qualifier" {
  description = "The function's alias this module's callers invoke (its invoke permission names it)."
  type        = string
}

variable "invoke_arn" {
  description = "Invoke ARN of the Lambda function behind the API."
  type        = string
}

variable "throttling_burst_limit" {
  description = "Requests the API accepts in a burst before it answers 429."
  type        = number
  default     = 200

  validation {
    condition     = var.throttling_burst_limit >= 1 && var.throttling_burst_limit <= 5000
    error_message = "throttling_burst_limit must be from 1 to 5000."
  }
}

variable "throttling_rate_limit" {
  description = "Steady requests per second the API accepts before it answers 429."
  type        = number
  default     = 100

  validation {
    condition     = var.throttling_rate_limit >= 1 && var.throttling_rate_limit <= 10000
    error_message = "throttling_rate_limit must be from 1 to 10000."
  }
}

variable "log_retention_days" {
  description = "Days the access logs are kept."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}
