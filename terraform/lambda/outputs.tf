output "events_url" {
  description = "POST events here (header x-api-key: one of events_api_keys)."
  value       = "${module.api.endpoint}/api/events"
}

output "function_name" {
  description = "Name of the Lambda function (aws lambda invoke --function-name ... --payload '{\"pipeline\":\"plant-ingest\"}')."
  value       = module.lambda.function_name
}

output "function_log_group" {
  description = "CloudWatch log group of the function."
  value       = module.lambda.log_group_name
}

output "schedule_rules" {
  description = "EventBridge rule names by schedule."
  value       = module.schedules.rule_names
}

output "archive_bucket_name" {
  description = "Bucket of the Parquet archive (and, without Firehose, the delivered events)."
  value       = module.storage.archive_bucket_name
}

output "athena_results_bucket_name" {
  description = "Bucket of the Athena query results."
  value       = module.storage.athena_results_bucket_name
}

output "raw_events_bucket_name" {
  description = "Bucket Firehose delivers the events to, or null without Firehose."
  value       = module.storage.raw_events_bucket_name
}

output "artifacts_bucket_name" {
  description = "Bucket holding the function package."
  value       = module.storage.artifacts_bucket_name
}

output "kinesis_stream_name" {
  description = "Name of the event stream."
  value       = module.kinesis.stream_name
}

output "kinesis_stream_arn" {
  description = "ARN of the event stream."
  value       = module.kinesis.stream_arn
}

output "firehose_delivery_stream_name" {
  description = "Name of the Firehose delivery stream, or null without Firehose."
  value       = one(module.firehose[*].delivery_stream_name)
}

output "db_endpoint" {
  description = "host:port of the SQL Server database."
  value       = module.database.endpoint
}

output "db_jdbc_url" {
  description = "GREENHOUSE_DB_URL as the app gets it."
  value       = module.app_config.jdbc_url
}

output "db_secret_arn" {
  description = "Secrets Manager secret with the database credentials (JSON: engine, host, port, dbname, username, password)."
  value       = module.database.secret_arn
}

output "events_api_keys_secret_arn" {
  description = "Secrets Manager secret with the events API keys (JSON key api_keys)."
  value       = module.app_config.api_keys_secret_arn
}

output "athena_workgroup_name" {
  description = "Athena workgroup to query the archive in."
  value       = module.athena.workgroup_name
}

output "glue_database_name" {
  description = "Glue database of the plant_reading and daily_summary tables."
  value       = module.athena.database_name
}

output "athena_query_policy_arn" {
  description = "IAM policy for querying the archive, or null when not created."
  value       = module.athena.query_policy_arn
}

output "alarm_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.monitoring.topic_arn
}
