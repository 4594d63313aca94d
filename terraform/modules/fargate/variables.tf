variable "name" {
  description = "Name of the cluster, service, task family, log group and roles."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,50}$", var.name))
    error_message = "name must be 1 to 51 letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  description = "AWS region (for the awslogs driver)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-2."
  }
}

variable "vpc_id" {
  description = "VPC of the tasks."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Private subnets the tasks run in."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1 && alltrue([for id in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "subnet_ids must hold at least one id like subnet-0123456789abcdef0."
  }
}

variable "security_group_ids" {
  description = "More security groups for the tasks (the database's client group)."
  type        = list(string)
  default     = []
}

variable "ingress_cidr_blocks" {
  description = "IPv4 ranges that may call the app on port 8080 (POST /api/events, /q/health); there is no load balancer unless target_group_arn is set."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.ingress_cidr_blocks : can(cidrhost(cidr, 0))])
    error_message = "ingress_cidr_blocks must hold IPv4 CIDR ranges such as 10.0.0.0/16."
  }
}

variable "ingress_security_group_ids" {
  description = "Security groups (a load balancer's, say) that may call the app on port 8080."
  type        = list(string)
  default     = []
}

variable "target_group_arn" {
  description = "Target group of an existing load balancer to register the tasks in (port 8080), or null."
  type        = string
  default     = null
}

variable "image" {
  description = "Container image, <repository url>:<tag>."
  type        = string

  validation {
    condition     = can(regex("^[^\\s:]+(:[0-9]+)?/[^\\s]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image)) || can(regex("^[^\\s]+@sha256:[0-9a-f]{64}$", var.image))
    error_message = "image must be a repository URL with a :tag or an @sha256: digest."
  }
}

variable "ecr_repository_arn" {
  description = "ARN of the ECR repository the image is pulled from."
  type        = string
}

variable "cpu" {
  description = "CPU units of a task (1024 = one vCPU)."
  type        = number
  default     = 1024

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.cpu)
    error_message = "cpu must be 256, 512, 1024, 2048 or 4096."
  }
}

variable "memory_mb" {
  description = "Memory of a task in MiB; must be a combination Fargate offers for the cpu."
  type        = number
  default     = 2048

  validation {
    condition     = var.memory_mb >= 512 && var.memory_mb <= 30720 && var.memory_mb % 512 == 0
    error_message = "memory_mb must be a multiple of 512 from 512 to 30720."
  }
}

variable "cpu_architecture" {
  description = "X86_64 or ARM64; must match the image."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "desired_count" {
  description = "Number of tasks; with more than one, the app's database leases pick one leader per pipeline."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 0 && var.desired_count <= 20 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number from 0 to 20."
  }
}

variable "environment" {
  description = "Environment variables of the container."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Environment variables the container gets from Secrets Manager: name => <secret arn>:<json key>::."
  type        = map(string)
  default     = {}
}

variable "secret_arns" {
  description = "ARNs of the secrets the task may read at start (those of var.secrets)."
  type        = list(string)
  default     = []
}

variable "app_policy_json" {
  description = "The app's IAM policy document (JSON), attached to the task role."
  type        = string
}

variable "health_check_enabled" {
  description = "Whether ECS checks GET /q/health/ready inside the container; needs curl in the image."
  type        = bool
  default     = true
}

variable "readonly_root_filesystem" {
  description = "Whether the root filesystem is read-only (a task volume is mounted at /tmp; the image must declare VOLUME /tmp for a non-root user to write there)."
  type        = bool
  default     = true
}

variable "ephemeral_storage_gib" {
  description = "Task storage in GiB (holds /tmp)."
  type        = number
  default     = 21

  validation {
    condition     = var.ephemeral_storage_gib >= 21 && var.ephemeral_storage_gib <= 200
    error_message = "ephemeral_storage_gib must be from 21 to 200."
  }
}

variable "log_retention_days" {
  description = "Days the container logs are kept."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "exec_enabled" {
  description = "ECS Exec (Session Manager) into the tasks: how an operator forwards a task's Jolokia port to a laptop's Hawtio (docs/hawtio.md). Off: no way into a task."
  type        = bool
  default     = false
}
