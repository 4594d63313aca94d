variable "name" {
  description = "Prefix of the topic name (<name>-pipeline-alerts)."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,200}$", var.name))
    error_message = "name must be 1 to 200 letters, digits, hyphens or underscores."
  }
}

variable "email" {
  description = "Address the pipeline alerts are mailed to (SNS sends a confirmation mail first)."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[a-zA-Z]{2,}$", var.email))
    error_message = "email must be an email address."
  }
}
