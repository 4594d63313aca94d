# What the app needs from its runtime, the same for Lambda and Fargate: its settings as environment variables
# (application.properties names them), its API keys in Secrets Manager, and the one least-privilege policy
# its role gets.

locals {
  environment = merge(
    {
      GREENHOUSE_DB_URL                  = "jdbc:sqlserver://${var.db_address}:${var.db_port};databaseName=${var.db_name};${var.db_connection_properties}"
      GREENHOUSE_DB_USERNAME             = var.db_username
      GREENHOUSE_PLANT_BASE_URL          = var.plant_base_url
      GREENHOUSE_ARCHIVE_S3_BUCKET       = var.archive_bucket_name
      GREENHOUSE_ARCHIVE_S3_REGION       = var.region
      GREENHOUSE_ARCHIVE_PREFIX          = var.archive_prefix
      GREENHOUSE_ARCHIVE_WORK_DIR        = "/tmp"
      GREENHOUSE_EVENTS_KINESIS_STREAM   = var.kinesis_stream_name
      GREENHOUSE_EVENTS_KINESIS_REGION   = var.region
      GREENHOUSE_EVENTS_DELIVERY_PREFIX  = var.archive_prefix
      GREENHOUSE_EVENTS_DELIVERY_ENABLED = tostring(var.events_delivery_enabled)
      GREENHOUSE_INTERNAL_TRIGGERS       = tostring(var.internal_triggers)
      GREENHOUSE_ALERTS_SNS_TOPIC_ARN    = var.alerts_topic_arn
      GREENHOUSE_ALERTS_SUBJECT_PREFIX   = "[${var.name}]"
    },
    var.extra_environment,
  )
}

resource "aws_secretsmanager_secret" "api_keys" {
  name                    = "${var.name}/events-api-keys"
  description             = "API keys of POST /api/events (key api_keys: comma-separated)"
  recovery_window_in_days = var.secret_recovery_window_days
}

# Write-only: the keys are not kept in the state through the secret (the version is a hash fragment of
# them, so a change of keys writes a new version).
resource "aws_secretsmanager_secret_version" "api_keys" {
  secret_id                = aws_secretsmanager_secret.api_keys.id
  secret_string_wo         = jsonencode({ api_keys = join(",", var.events_api_keys) })
  secret_string_wo_version = parseint(substr(sha256(join(",", var.events_api_keys)), 0, 8), 16)
}

data "aws_iam_policy_document" "app" {
  # S3ArchiveStore: PUT, HEAD (GetObject), GET and list under the prefix. ListBucket is on the whole bucket
  # because S3 answers a HEAD of a missing key with 404 only to callers that may list the bucket, and that
  # request carries no s3:prefix a condition could match; without it the archive reads 403 as an error.
  statement {
    sid       = "ArchiveList"
    actions   = ["s3:ListBucket"]
    resources = [var.archive_bucket_arn]
  }

  statement {
    sid       = "ArchiveObjects"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${var.archive_bucket_arn}/${var.archive_prefix}/*"]
  }

  # EventIngest (PutRecords) and EventDelivery (ListShards, GetShardIterator, GetRecords)
  statement {
    sid = "EventStream"
    actions = [
      "kinesis:DescribeStream",
      "kinesis:DescribeStreamSummary",
      "kinesis:ListShards",
      "kinesis:GetShardIterator",
      "kinesis:GetRecords",
      "kinesis:PutRecords",
    ]
    resources = [var.kinesis_stream_arn]
  }

  # the alert route (routes/alerts.yaml): Publish to the pipeline alerts topic only
  statement {
    sid       = "PipelineAlerts"
    actions   = ["sns:Publish"]
    resources = [var.alerts_topic_arn]
  }
}
