# The outputs both deployments give, linked into each root as shared-outputs.tf. A root's own outputs.tf
# has what its runtime adds.

output "archive_bucket_name" {
  description = "Bucket of the Parquet archive (and, without Firehose, the delivered events)."
  value       = module.platform.storage.archive_bucket_name
}

output "athena_results_bucket_name" {
  description = "Bucket of the Athena query results."
  value       = module.platform.storage.athena_results_bucket_name
}

output "raw_events_bucket_name" {
  description = "Bucket Firehose delivers the events to, or null without Firehose."
  value       = module.platform.storage.raw_events_bucket_name
}

output "kinesis_stream_name" {
  description = "Name of the event stream."
  value       = module.platform.kinesis.stream_name
}

output "kinesis_stream_arn" {
  description = "ARN of the event stream."
  value       = module.platform.kinesis.stream_arn
}

output "firehose_delivery_stream_name" {
  description = "Name of the Firehose delivery stream, or null without Firehose."
  value       = one(module.platform.firehose[*].delivery_stream_name)
}

output "db_endpoint" {
  description = "host:port of the SQL Server database."
  value       = module.platform.database.endpoint
}

output "db_jdbc_url" {
  description = "GREENHOUSE_DB_URL as the app gets it."
  value       = module.platform.app_config.jdbc_url
}

output "db_secret_arn" {
  description = "Secrets Manager secret with the database credentials (JSON: engine, host, port, dbname, username, password)."
  value       = module.platform.database.secret_arn
}

output "events_api_keys_secret_arn" {
  description = "Secrets Manager secret with the events API keys (JSON key api_keys)."
  value       = module.platform.app_config.api_keys_secret_arn
}

output "athena_workgroup_name" {
  description = "Athena workgroup to query the archive in."
  value       = module.platform.athena.workgroup_name
}

output "glue_database_name" {
  description = "Glue database of the plant_reading and daily_summary tables."
  value       = module.platform.athena.database_name
}

output "athena_query_policy_arn" {
  description = "IAM policy for querying the archive, or null when not created."
  value       = module.platform.athena.query_policy_arn
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.monitoring.topic_arn
}

output "alerts_topic_arn" {
  description = "SNS topic of the pipeline alerts (one per failure episode, one per recovery)."
  value       = module.platform.alerts.topic_arn
}
