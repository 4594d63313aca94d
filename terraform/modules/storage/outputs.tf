output "archive_bucket_name" {
  description = "Name of the archive bucket (Parquet datasets and, without Firehose, the delivered events)."
  value       = aws_s3_bucket.this["archive"].id
}

output "archive_bucket_arn" {
  description = "ARN of the archive bucket."
  value       = aws_s3_bucket.this["archive"].arn
}

output "athena_results_bucket_name" {
  description = "Name of the Athena query results bucket."
  value       = aws_s3_bucket.this["athena_results"].id
}

output "athena_results_bucket_arn" {
  description = "ARN of the Athena query results bucket."
  value       = aws_s3_bucket.this["athena_results"].arn
}

output "raw_events_bucket_name" {
  description = "Name of the raw-events bucket, or null when it is not created."
  value       = var.raw_events_bucket_enabled ? aws_s3_bucket.this["raw_events"].id : null
}

output "raw_events_bucket_arn" {
  description = "ARN of the raw-events bucket, or null when it is not created."
  value       = var.raw_events_bucket_enabled ? aws_s3_bucket.this["raw_events"].arn : null
}

output "artifacts_bucket_name" {
  description = "Name of the artifacts bucket, or null when it is not created; known once its versioning is on (packages rely on object versions)."
  value       = var.artifacts_bucket_enabled ? aws_s3_bucket_versioning.this["artifacts"].bucket : null
}

output "warehouse_ingestion_bucket_name" {
  description = "Name of the warehouse's ingestion zone bucket (ingest writes, process reads)."
  value       = aws_s3_bucket.this["warehouse_ingestion"].id
}

output "warehouse_ingestion_bucket_arn" {
  description = "ARN of the warehouse's ingestion zone bucket."
  value       = aws_s3_bucket.this["warehouse_ingestion"].arn
}

output "warehouse_processed_bucket_name" {
  description = "Name of the warehouse's processed zone bucket (process writes, load reads)."
  value       = aws_s3_bucket.this["warehouse_processed"].id
}

output "warehouse_processed_bucket_arn" {
  description = "ARN of the warehouse's processed zone bucket."
  value       = aws_s3_bucket.this["warehouse_processed"].arn
}
