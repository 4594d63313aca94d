variable "name" {
  description = "Name of the DB instance and prefix of its security groups and secret."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,58}[a-z0-9]$", var.name)) && !can(regex("--", var.name))
    error_message = "name must be 2 to 60 lower-case letters, digits and single hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC of the database and the app."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the DB subnet group, in at least two availability zones."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "subnet_ids must hold at least two ids like subnet-0123456789abcdef0."
  }
}

variable "engine" {
  description = "RDS SQL Server edition: sqlserver-ex (Express, no Multi-AZ), sqlserver-web, sqlserver-se or sqlserver-ee."
  type        = string
  default     = "sqlserver-ex"

  validation {
    condition     = contains(["sqlserver-ex", "sqlserver-web", "sqlserver-se", "sqlserver-ee"], var.engine)
    error_message = "engine must be sqlserver-ex, sqlserver-web, sqlserver-se or sqlserver-ee."
  }
}

variable "engine_version" {
  description = "SQL Server engine version (e.g. 16.00); null takes the RDS default at creation."
  type        = string
  default     = null

  validation {
    condition     = var.engine_version == null || can(regex("^1[3-9]\\.00(\\.[0-9.]+(\\.v1)?)?$", var.engine_version))
    error_message = "engine_version must look like 16.00 or 16.00.4185.3.v1."
  }
}

variable "instance_class" {
  description = "DB instance class."
  type        = string
  default     = "db.t3.small"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "instance_class must look like db.t3.small."
  }
}

variable "allocated_storage_gb" {
  description = "Initial storage in GiB (SQL Server needs at least 20)."
  type        = number
  default     = 20

  validation {
    condition     = var.allocated_storage_gb >= 20 && var.allocated_storage_gb <= 16384
    error_message = "allocated_storage_gb must be from 20 to 16384."
  }
}

variable "max_allocated_storage_gb" {
  description = "Upper bound for storage autoscaling in GiB; 0 turns autoscaling off."
  type        = number
  default     = 100

  validation {
    condition     = var.max_allocated_storage_gb == 0 || (var.max_allocated_storage_gb >= 20 && var.max_allocated_storage_gb <= 16384)
    error_message = "max_allocated_storage_gb must be 0 or from 20 to 16384."
  }
}

variable "multi_az" {
  description = "Whether to run a standby in a second availability zone (not with sqlserver-ex)."
  type        = bool
  default     = false
}

variable "username" {
  description = "Master user name; the app logs in with it."
  type        = string
  default     = "greenhouse"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,127}$", var.username)) && !contains(["sa", "admin", "administrator", "root"], lower(var.username))
    error_message = "username must start with a letter, hold only letters, digits and underscores, and not be a reserved name (sa, admin, administrator, root)."
  }
}

variable "database_name" {
  description = "The app's database inside the instance (the databaseName of the JDBC URL). RDS SQL Server does not create it: see the root README."
  type        = string
  default     = "plants"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,127}$", var.database_name))
    error_message = "database_name must start with a letter and hold only letters, digits and underscores."
  }
}

variable "backup_retention_days" {
  description = "Days of automated backups (0 turns them off)."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 0 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be from 0 to 35."
  }
}

variable "deletion_protection" {
  description = "Whether the instance refuses to be deleted (terraform destroy fails until this is turned off)."
  type        = bool
  default     = true
}

variable "skip_final_snapshot" {
  description = "Whether deleting the instance skips the final snapshot."
  type        = bool
  default     = false
}

variable "password_version" {
  description = "Version of the generated master password: raise it to make a new one (RDS and the secret get it in the same apply)."
  type        = number
  default     = 1

  validation {
    condition     = var.password_version >= 1 && floor(var.password_version) == var.password_version
    error_message = "password_version must be a whole number from 1."
  }
}

variable "secret_recovery_window_days" {
  description = "Days a deleted credentials secret can still be restored (0 deletes at once)."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or from 7 to 30."
  }
}
