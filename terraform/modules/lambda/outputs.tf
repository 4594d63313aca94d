output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the function's alias (EventBridge target, S3 notifications)."
  value       = aws_lambda_alias.live.arn
}

output "invoke_arn" {
  description = "Invoke ARN of the function's alias (API Gateway integration)."
  value       = aws_lambda_alias.live.invoke_arn
}

output "qualifier" {
  description = "The alias callers invoke, for their invoke permissions."
  value       = aws_lambda_alias.live.name
}

output "timeout_seconds" {
  description = "Timeout of the function, for the duration alarm."
  value       = aws_lambda_function.this.timeout
}

output "role_arn" {
  description = "ARN of the function's role."
  value       = aws_iam_role.this.arn
}

output "log_group_name" {
  description = "Log group of the function."
  value       = aws_cloudwatch_log_group.this.name
}
