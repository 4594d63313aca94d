variable "name" {
  description = "Repository name."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", var.name)) && length(var.name) <= 256
    error_message = "name must be a valid ECR repository name: lower-case letters, digits, and . _ - / separators."
  }
}

variable "image_tag_mutability" {
  description = "IMMUTABLE (a tag names one image forever, recommended) or MUTABLE."
  type        = string
  default     = "IMMUTABLE"

  validation {
    condition     = contains(["IMMUTABLE", "MUTABLE"], var.image_tag_mutability)
    error_message = "image_tag_mutability must be IMMUTABLE or MUTABLE."
  }
}

variable "keep_images" {
  description = "How many images the repository keeps; older ones are expired."
  type        = number
  default     = 30

  validation {
    condition     = var.keep_images >= 1 && var.keep_images <= 1000
    error_message = "keep_images must be from 1 to 1000."
  }
}

variable "force_delete" {
  description = "Whether terraform destroy may delete the repository while it still holds images."
  type        = bool
  default     = false
}
