variable "name" {
  description = "Function name; also names its role and log group."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1 to 64 letters, digits, hyphens or underscores."
  }
}

variable "package_file" {
  description = "Local path of the deployment package (./mvnw package -Plambda -DskipTests writes target/function.zip)."
  type        = string

  validation {
    condition     = can(regex("\\.zip$", var.package_file))
    error_message = "package_file must be a .zip file."
  }
}

variable "package_bucket" {
  description = "Bucket the package is uploaded to: at about 100 MB it is above the 50 MB limit of direct uploads."
  type        = string
}

variable "handler" {
  description = "Handler of the function."
  type        = string
  default     = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
}

variable "runtime" {
  description = "Lambda runtime."
  type        = string
  default     = "java17"

  validation {
    condition     = contains(["java17", "java21"], var.runtime)
    error_message = "runtime must be java17 or java21."
  }
}

variable "architecture" {
  description = "Instruction set: x86_64 or arm64 (cheaper; the package is plain Java)."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "memory_mb" {
  description = "Memory of the function in MB (CPU grows with it)."
  type        = number
  default     = 2048

  validation {
    condition     = var.memory_mb >= 512 && var.memory_mb <= 10240
    error_message = "memory_mb must be from 512 to 10240."
  }
}

variable "timeout_seconds" {
  description = "Longest run of one invocation in seconds; the hourly archive needs the most."
  type        = number
  default     = 900

  validation {
    condition     = var.timeout_seconds >= 30 && var.timeout_seconds <= 900
    error_message = "timeout_seconds must be from 30 to 900."
  }
}

variable "ephemeral_storage_mb" {
  description = "Size of /tmp in MB, where the archive and the warehouse write Parquet files before they upload them (512 at most with SnapStart)."
  type        = number
  default     = 512

  validation {
    condition     = var.ephemeral_storage_mb >= 512 && var.ephemeral_storage_mb <= 10240
    error_message = "ephemeral_storage_mb must be from 512 to 10240."
  }
}

variable "reserved_concurrency" {
  description = "Concurrent executions reserved for the function; -1 for none (the account's unreserved pool)."
  type        = number
  default     = -1

  validation {
    condition     = var.reserved_concurrency >= -1
    error_message = "reserved_concurrency must be -1 or more."
  }
}

variable "async_retry_attempts" {
  description = "Retries of a failed scheduled (asynchronous) invocation; the next schedule usually does better."
  type        = number
  default     = 0

  validation {
    condition     = var.async_retry_attempts >= 0 && var.async_retry_attempts <= 2
    error_message = "async_retry_attempts must be from 0 to 2."
  }
}

variable "environment" {
  description = "Environment variables of the function."
  type        = map(string)
  default     = {}
}

variable "secret_environment" {
  description = "Secret environment variables of the function (the database password, the API keys)."
  type        = map(string)
  default     = {}
  sensitive   = true
}

variable "subnet_ids" {
  description = "Private subnets the function runs in (it reaches the database there)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1 && alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "subnet_ids must hold at least one id like subnet-0123456789abcdef0."
  }
}

variable "security_group_ids" {
  description = "Security groups of the function (the database's client group)."
  type        = list(string)
}

variable "app_policy_json" {
  description = "The app's IAM policy document (JSON), attached to the function's role."
  type        = string
}

variable "log_retention_days" {
  description = "Days the function's logs are kept."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "snap_start" {
  description = "SnapStart: new execution environments resume from a snapshot of the started function instead of starting it (needs ephemeral_storage_mb of 512 or less)."
  type        = bool
  default     = true
}
