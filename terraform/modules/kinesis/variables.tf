variable "name" {
  description = "Stream name; the app's greenhouse.events.kinesis.stream."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{1,128}$", var.name))
    error_message = "name must be 1 to 128 letters, digits, underscores, dots or hyphens."
  }
}

variable "stream_mode" {
  description = "ON_DEMAND (pay per use, scales by itself) or PROVISIONED (shard_count shards)."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "PROVISIONED"], var.stream_mode)
    error_message = "stream_mode must be ON_DEMAND or PROVISIONED."
  }
}

variable "shard_count" {
  description = "Number of shards with stream_mode PROVISIONED; ignored with ON_DEMAND."
  type        = number
  default     = 1

  validation {
    condition     = var.shard_count >= 1 && var.shard_count <= 500
    error_message = "shard_count must be from 1 to 500."
  }
}

variable "retention_hours" {
  description = "How long records stay in the stream: how long a stopped consumer may be down without losing events."
  type        = number
  default     = 24

  validation {
    condition     = var.retention_hours >= 24 && var.retention_hours <= 8760
    error_message = "retention_hours must be from 24 to 8760."
  }
}
