output "rule_names" {
  description = "EventBridge rule names by schedule name."
  value       = { for k, rule in aws_cloudwatch_event_rule.this : k => rule.name }
}
