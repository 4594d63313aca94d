variable "name" {
  description = "Prefix of the EventBridge rule names."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{1,40}$", var.name))
    error_message = "name must be 1 to 40 letters, digits, dots, underscores or hyphens."
  }
}

variable "function_name" {
  description = "Name of the Lambda function the schedules invoke."
  type        = string
}

variable "qualifier" {
  description = "The function's alias this module's callers invoke (its invoke permission names it)."
  type        = string
}

variable "function_arn" {
  description = "ARN of the Lambda function the schedules invoke."
  type        = string
}

variable "schedules" {
  description = "Schedules by name: an EventBridge schedule expression (UTC) and the pipeline each invocation runs (its input is {\"pipeline\": \"<pipeline>\"})."
  type = map(object({
    expression = string
    pipeline   = string
    enabled    = optional(bool, true)
  }))

  validation {
    condition     = alltrue([for s in values(var.schedules) : can(regex("^(rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)|cron\\([^)]+\\))$", s.expression))])
    error_message = "Every expression must be rate(<n> <unit>) or cron(<six fields>)."
  }

  validation {
    condition     = alltrue([for k in keys(var.schedules) : can(regex("^[a-z0-9-]{1,20}$", k))])
    error_message = "Schedule names must be 1 to 20 lower-case letters, digits or hyphens."
  }
}
