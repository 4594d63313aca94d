# Variables of this deployment only; those both deployments declare are in shared-variables.tf.

variable "image_tag" {
  description = "Tag of the app image in the ECR repository this configuration creates (push it before the service can start: README)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be a Docker tag: letters, digits, _ . - and at most 128 characters."
  }
}

variable "ecr_keep_images" {
  description = "How many images the ECR repository keeps."
  type        = number
  default     = 30

  validation {
    condition     = var.ecr_keep_images >= 1 && var.ecr_keep_images <= 1000
    error_message = "ecr_keep_images must be from 1 to 1000."
  }
}

variable "desired_count" {
  description = "Number of tasks. Each pipeline runs on one task at a time (leader election through the database), so more tasks add availability and ingestion capacity."
  type        = number
  default     = 2

  validation {
    condition     = var.desired_count >= 0 && var.desired_count <= 20 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number from 0 to 20."
  }
}

variable "task_cpu" {
  description = "CPU units per task (1024 = one vCPU): 256, 512, 1024, 2048 or 4096."
  type        = number
  default     = 1024

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.task_cpu)
    error_message = "task_cpu must be 256, 512, 1024, 2048 or 4096."
  }
}

variable "task_memory_mb" {
  description = "Memory per task in MiB, a size Fargate offers for task_cpu (1024 CPU: 2048 to 8192)."
  type        = number
  default     = 2048

  validation {
    condition     = var.task_memory_mb >= 512 && var.task_memory_mb <= 30720 && var.task_memory_mb % 512 == 0
    error_message = "task_memory_mb must be a multiple of 512 from 512 to 30720."
  }
}

variable "task_cpu_architecture" {
  description = "X86_64 or ARM64; must match the image."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.task_cpu_architecture)
    error_message = "task_cpu_architecture must be X86_64 or ARM64."
  }
}

variable "ingress_cidr_blocks" {
  description = "IPv4 ranges that may call the app on port 8080 (POST /api/events, /q/health). Empty: only ingress_security_group_ids."
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

  validation {
    condition     = alltrue([for id in var.ingress_security_group_ids : can(regex("^sg-[0-9a-f]{8,17}$", id))])
    error_message = "ingress_security_group_ids must hold ids like sg-0123456789abcdef0."
  }
}

variable "target_group_arn" {
  description = "Target group (type ip, port 8080, health check /q/health/ready) of an existing load balancer to register the tasks in, or null."
  type        = string
  default     = null

  validation {
    condition     = var.target_group_arn == null || can(regex("^arn:aws[a-z-]*:elasticloadbalancing:", var.target_group_arn))
    error_message = "target_group_arn must be an Elastic Load Balancing target group ARN."
  }
}

variable "health_check_enabled" {
  description = "Whether ECS runs curl against /q/health/ready inside the container (the image must have curl)."
  type        = bool
  default     = true
}

variable "readonly_root_filesystem" {
  description = "Whether the container's root filesystem is read-only (/tmp is a task volume; the image must declare VOLUME /tmp for its non-root user to write there)."
  type        = bool
  default     = true
}

variable "ecs_exec_enabled" {
  description = "ECS Exec into the tasks, for forwarding a task's Jolokia port to Hawtio on a laptop (docs/hawtio.md)."
  type        = bool
  default     = false
}
