# The topic the app's alert route publishes pipeline alerts to (routes/alerts.yaml, docs/alerts.md): one per
# failure episode and one when it recovers, mailed to var.email. A topic of its own, not the alarms' topic:
# the CloudWatch alarms' topic cannot be encrypted with the AWS-managed key (CloudWatch cannot use it), while
# pipeline alerts carry error texts from the pipelines and are encrypted at rest; and the two can go to
# different people. Only the app may publish to it.

resource "aws_sns_topic" "alerts" {
  name              = "${var.name}-pipeline-alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.email
}
