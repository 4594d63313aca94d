# The Lambda deployment's own outputs; those both deployments give are in shared-outputs.tf.

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

output "artifacts_bucket_name" {
  description = "Bucket holding the function package."
  value       = module.platform.storage.artifacts_bucket_name
}
