output "workgroup_name" {
  description = "Name of the Athena workgroup."
  value       = aws_athena_workgroup.this.name
}

output "database_name" {
  description = "Name of the Glue database."
  value       = aws_glue_catalog_database.this.name
}

output "table_names" {
  description = "Names of the Glue tables."
  value       = sort([for table in aws_glue_catalog_table.this : table.name])
}

output "query_policy_arn" {
  description = "ARN of the IAM policy for querying the archive, or null when it is not created."
  value       = var.create_query_policy ? aws_iam_policy.query[0].arn : null
}
