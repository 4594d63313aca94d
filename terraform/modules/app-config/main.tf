# What the app needs from its runtime, the same for Lambda and Fargate: its settings as environment variables
# (application.properties names them), its API keys in Secrets Manager, and the one least-privilege policy
# its role gets.

locals {
  # key prefixes of the warehouse's zones, one per bucket: the app's policy and the manifests' notifications
  warehouse_prefixes = { ingestion = "ingestion", processed = "processed" }

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
      # the warehouse (docs/warehouse.md): its zones are buckets of their own; the passwords are secrets
      GREENHOUSE_WAREHOUSE_ENABLED          = "true"
      GREENHOUSE_WAREHOUSE_SOURCE_URL       = nonsensitive(var.warehouse_databases.source.url)
      GREENHOUSE_WAREHOUSE_SOURCE_USERNAME  = nonsensitive(var.warehouse_databases.source.username)
      GREENHOUSE_WAREHOUSE_TARGET_URL       = nonsensitive(var.warehouse_databases.target.url)
      GREENHOUSE_WAREHOUSE_TARGET_USERNAME  = nonsensitive(var.warehouse_databases.target.username)
      GREENHOUSE_WAREHOUSE_INGESTION_STORE  = "s3"
      GREENHOUSE_WAREHOUSE_INGESTION_BUCKET = var.warehouse_ingestion_bucket_name
      GREENHOUSE_WAREHOUSE_INGESTION_REGION = var.region
      GREENHOUSE_WAREHOUSE_INGESTION_PREFIX = local.warehouse_prefixes.ingestion
      GREENHOUSE_WAREHOUSE_PROCESSED_STORE  = "s3"
      GREENHOUSE_WAREHOUSE_PROCESSED_BUCKET = var.warehouse_processed_bucket_name
      GREENHOUSE_WAREHOUSE_PROCESSED_REGION = var.region
      GREENHOUSE_WAREHOUSE_PROCESSED_PREFIX = local.warehouse_prefixes.processed
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

# The warehouse's database passwords, one secret each (JSON keys username, password), written like the API keys
resource "aws_secretsmanager_secret" "warehouse" {
  for_each = toset(["source", "target"])

  name                    = "${var.name}/warehouse-${each.key}"
  description             = "Login of the warehouse's ${each.key} database (GREENHOUSE_WAREHOUSE_${upper(each.key)}_USERNAME, _PASSWORD)"
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "warehouse" {
  for_each = toset(["source", "target"])

  secret_id                = aws_secretsmanager_secret.warehouse[each.key].id
  secret_string_wo         = jsonencode({ username = var.warehouse_databases[each.key].username, password = var.warehouse_databases[each.key].password })
  secret_string_wo_version = parseint(substr(sha256(jsonencode(var.warehouse_databases[each.key])), 0, 8), 16)
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

  # The warehouse steps, one function for the seed's three (docs/warehouse.md): ingest puts objects and the
  # manifest into the ingestion zone and reads their size back; process lists and reads the ingestion zone and
  # puts into the processed zone; load lists and reads the processed zone. Nothing is ever deleted or
  # rewritten, so no s3:DeleteObject. ListBucket for the manifests and, as for the archive, for 404 on HEAD.
  # The database passwords reach the app as environment variables (the runtime reads the secrets), so the
  # app's role itself needs no secretsmanager:GetSecretValue.
  statement {
    sid       = "WarehouseZonesList"
    actions   = ["s3:ListBucket"]
    resources = [var.warehouse_ingestion_bucket_arn, var.warehouse_processed_bucket_arn]
  }

  statement {
    sid       = "WarehouseIngestionObjects"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${var.warehouse_ingestion_bucket_arn}/${local.warehouse_prefixes.ingestion}/*"]
  }

  statement {
    sid       = "WarehouseProcessedObjects"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${var.warehouse_processed_bucket_arn}/${local.warehouse_prefixes.processed}/*"]
  }

  # the alert route (routes/alerts.yaml): Publish to the pipeline alerts topic only
  statement {
    sid       = "PipelineAlerts"
    actions   = ["sns:Publish"]
    resources = [var.alerts_topic_arn]
  }
}
