variable "function_name" {
  description = "Name of the Lambda function the manifests' notifications invoke."
  type        = string
}

variable "qualifier" {
  description = "The function's alias this module's callers invoke (its invoke permission names it)."
  type        = string
}

variable "function_arn" {
  description = "ARN of the Lambda function the manifests' notifications invoke."
  type        = string
}

variable "ingestion_bucket_name" {
  description = "Bucket of the ingestion zone: its manifests run process."
  type        = string
}

variable "ingestion_bucket_arn" {
  description = "ARN of the ingestion zone bucket."
  type        = string
}

variable "ingestion_prefix" {
  description = "Key prefix of the ingestion zone (GREENHOUSE_WAREHOUSE_INGESTION_PREFIX)."
  type        = string
}

variable "processed_bucket_name" {
  description = "Bucket of the processed zone: its manifests run load."
  type        = string
}

variable "processed_bucket_arn" {
  description = "ARN of the processed zone bucket."
  type        = string
}

variable "processed_prefix" {
  description = "Key prefix of the processed zone (GREENHOUSE_WAREHOUSE_PROCESSED_PREFIX)."
  type        = string
}
