output "topic_arn" {
  description = "ARN of the pipeline alerts topic (GREENHOUSE_ALERTS_SNS_TOPIC_ARN of the app)."
  value       = aws_sns_topic.alerts.arn
}
