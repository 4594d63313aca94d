# Variables of this deployment only; those both deployments declare are in shared-variables.tf.

variable "lambda_package_file" {
  description = "Path of the function package built by ./mvnw package -Plambda -DskipTests, relative to this directory."
  type        = string
  default     = "../../target/function.zip"

  validation {
    condition     = can(regex("\\.zip$", var.lambda_package_file))
    error_message = "lambda_package_file must be a .zip file."
  }
}

variable "lambda_memory_mb" {
  description = "Memory of the function in MB (CPU grows with it)."
  type        = number
  default     = 2048

  validation {
    condition     = var.lambda_memory_mb >= 1024 && var.lambda_memory_mb <= 10240
    error_message = "lambda_memory_mb must be from 1024 to 10240."
  }
}

variable "lambda_timeout_seconds" {
  description = "Longest run of one invocation (the hourly archive is the longest)."
  type        = number
  default     = 900

  validation {
    condition     = var.lambda_timeout_seconds >= 60 && var.lambda_timeout_seconds <= 900
    error_message = "lambda_timeout_seconds must be from 60 to 900."
  }
}

variable "lambda_ephemeral_storage_mb" {
  description = "Size of the function's /tmp in MB (archive and warehouse work files; 512 at most with SnapStart)."
  type        = number
  default     = 512

  validation {
    condition     = var.lambda_ephemeral_storage_mb >= 512 && var.lambda_ephemeral_storage_mb <= 10240
    error_message = "lambda_ephemeral_storage_mb must be from 512 to 10240."
  }
}

variable "lambda_snap_start" {
  description = "SnapStart for the function (its published versions resume from a snapshot of the started app)."
  type        = bool
  default     = true
}

variable "lambda_architecture" {
  description = "Instruction set of the function: x86_64 or arm64."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.lambda_architecture)
    error_message = "lambda_architecture must be x86_64 or arm64."
  }
}

variable "lambda_reserved_concurrency" {
  description = "Concurrent executions reserved for the function (caps the database connections too); -1 for none."
  type        = number
  default     = -1

  validation {
    condition     = var.lambda_reserved_concurrency >= -1
    error_message = "lambda_reserved_concurrency must be -1 or more."
  }
}

variable "schedules" {
  description = "EventBridge schedules (UTC) by name, each invoking the function with {\"pipeline\": \"<pipeline>\"}. The events-deliver one is left out while firehose_enabled."
  type = map(object({
    expression = string
    pipeline   = string
    enabled    = optional(bool, true)
  }))
  default = {
    plant-ingest = {
      expression = "rate(1 minute)"
      pipeline   = "plant-ingest"
    }
    plant-archive = {
      expression = "cron(0 * * * ? *)"
      pipeline   = "plant-archive"
    }
    batch-extract = {
      expression = "cron(0 10 * * ? *)"
      pipeline   = "batch-extract"
    }
    events-deliver = {
      expression = "rate(5 minutes)"
      pipeline   = "events-deliver"
    }
    # the events' processed zone (docs/events-process.md) from what events-deliver wrote
    events-process = {
      expression = "rate(10 minutes)"
      pipeline   = "events-process"
    }
    # the warehouse (docs/warehouse.md): ingest every 10 minutes, as the seed's every_ten_minutes rule; process
    # and load run from the zones' S3 event notifications (module zone_notifications), these two only catch
    # up with what a failed run left (a run with nothing waiting lists the manifests and ends)
    warehouse-ingest = {
      expression = "rate(10 minutes)"
      pipeline   = "warehouse-ingest"
    }
    warehouse-process = {
      expression = "rate(30 minutes)"
      pipeline   = "warehouse-process"
    }
    warehouse-load = {
      expression = "rate(30 minutes)"
      pipeline   = "warehouse-load"
    }
  }

  validation {
    condition     = alltrue([for s in values(var.schedules) : contains(["batch-extract", "events-deliver", "events-process", "plant-archive", "plant-ingest", "warehouse-ingest", "warehouse-load", "warehouse-process"], s.pipeline)])
    error_message = "Every schedule's pipeline must be one GreenhouseLambda knows: batch-extract, events-deliver, events-process, plant-archive, plant-ingest, warehouse-ingest, warehouse-load, warehouse-process."
  }

  validation {
    condition     = alltrue([for s in values(var.schedules) : can(regex("^(rate\\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\\)|cron\\([^)]+\\))$", s.expression))])
    error_message = "Every expression must be rate(<n> <unit>) or cron(<six fields>)."
  }
}

variable "api_throttling_burst_limit" {
  description = "Requests the events API accepts in a burst before it answers 429."
  type        = number
  default     = 200

  validation {
    condition     = var.api_throttling_burst_limit >= 1 && var.api_throttling_burst_limit <= 5000
    error_message = "api_throttling_burst_limit must be from 1 to 5000."
  }
}

variable "api_throttling_rate_limit" {
  description = "Steady requests per second the events API accepts before it answers 429."
  type        = number
  default     = 100

  validation {
    condition     = var.api_throttling_rate_limit >= 1 && var.api_throttling_rate_limit <= 10000
    error_message = "api_throttling_rate_limit must be from 1 to 10000."
  }
}
