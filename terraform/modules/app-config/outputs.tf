output "environment" {
  description = "The app's non-secret settings as environment variables."
  value       = local.environment
}

output "jdbc_url" {
  description = "The JDBC URL the app connects with."
  value       = local.environment["GREENHOUSE_DB_URL"]
}

output "api_keys_secret_arn" {
  description = "ARN of the Secrets Manager secret with the events API keys (JSON key api_keys)."
  value       = aws_secretsmanager_secret.api_keys.arn
}

output "api_keys" {
  description = "The events API keys, comma-separated, as GREENHOUSE_EVENTS_API_KEYS takes them."
  value       = join(",", var.events_api_keys)
  sensitive   = true
}

output "app_policy_json" {
  description = "The app's least-privilege IAM policy (archive bucket prefix, event stream, alerts topic), for its Lambda or task role."
  value       = data.aws_iam_policy_document.app.json
}

output "warehouse_secret_arns" {
  description = "ARNs of the Secrets Manager secrets of the warehouse's source and target logins (JSON keys username, password), by source and target."
  value       = { for key, secret in aws_secretsmanager_secret.warehouse : key => secret.arn }
}

output "warehouse_passwords" {
  description = "The warehouse's source and target passwords, as GREENHOUSE_WAREHOUSE_SOURCE_PASSWORD and _TARGET_PASSWORD take them."
  value       = { source = var.warehouse_databases.source.password, target = var.warehouse_databases.target.password }
  sensitive   = true
}

output "warehouse_prefixes" {
  description = "Key prefixes of the warehouse's zones in their buckets, by ingestion and processed (the manifests are under <prefix>/manifests/)."
  value       = local.warehouse_prefixes
}
