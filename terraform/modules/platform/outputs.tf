# Each module's outputs as one object: module.platform.<module>.<output> in the roots.

output "storage" {
  description = "Outputs of the storage module: the buckets' names and ARNs."
  value       = module.storage
}

output "kinesis" {
  description = "Outputs of the kinesis module: the event stream's name and ARN."
  value       = module.kinesis
}

output "database" {
  description = "Outputs of the database module: endpoint, credentials secret, security groups."
  value       = module.database
}

output "app_config" {
  description = "Outputs of the app-config module: the app's environment, API keys (sensitive) and their secret, its IAM policy."
  value       = module.app_config
}

output "athena" {
  description = "Outputs of the athena module: workgroup, Glue database, query policy."
  value       = module.athena
}

output "firehose" {
  description = "Outputs of the firehose module, or null without Firehose."
  value       = one(module.firehose)
}

output "alerts" {
  description = "Outputs of the alerts module: the pipeline alerts topic's ARN."
  value       = module.alerts
}
