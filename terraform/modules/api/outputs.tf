output "api_id" {
  description = "Id of the HTTP API (CloudWatch dimension ApiId)."
  value       = aws_apigatewayv2_api.this.id
}

output "endpoint" {
  description = "Base URL of the API; events go to POST <endpoint>/api/events."
  value       = aws_apigatewayv2_api.this.api_endpoint
}
