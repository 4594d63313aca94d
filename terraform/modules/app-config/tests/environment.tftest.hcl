# Planned against a mocked AWS provider (no credentials, no AWS calls): terraform init && terraform test

mock_provider "aws" {}

variables {
  name                    = "greenhouse-test"
  region                  = "eu-west-2"
  db_address              = "greenhouse-test.abc123.eu-west-2.rds.amazonaws.com"
  db_name                 = "plants"
  db_username             = "greenhouse"
  plant_base_url          = "https://plant-api.example.org"
  archive_bucket_name     = "greenhouse-test-archive"
  archive_bucket_arn      = "arn:aws:s3:::greenhouse-test-archive"
  kinesis_stream_name     = "greenhouse-test-events"
  kinesis_stream_arn      = "arn:aws:kinesis:eu-west-2:123456789012:stream/greenhouse-test-events"
  internal_triggers       = false
  events_delivery_enabled = false
  events_api_keys         = ["test-key-0123456789abcdef", "test-key-fedcba9876543210"]
  alerts_topic_arn        = "arn:aws:sns:eu-west-2:123456789012:greenhouse-test-pipeline-alerts"

  warehouse_ingestion_bucket_name = "greenhouse-test-warehouse-ingestion"
  warehouse_ingestion_bucket_arn  = "arn:aws:s3:::greenhouse-test-warehouse-ingestion"
  warehouse_processed_bucket_name = "greenhouse-test-warehouse-processed"
  warehouse_processed_bucket_arn  = "arn:aws:s3:::greenhouse-test-warehouse-processed"
  warehouse_databases = {
    source = { url = "jdbc:postgresql://totesys:5432/totesys", username = "reader", password = "source-secret" }
    target = { url = "jdbc:postgresql://warehouse:5432/warehouse", username = "loader", password = "target-secret" }
  }
}

run "the_app_settings" {
  command = plan

  assert {
    condition     = output.jdbc_url == "jdbc:sqlserver://greenhouse-test.abc123.eu-west-2.rds.amazonaws.com:1433;databaseName=plants;encrypt=true;trustServerCertificate=true"
    error_message = "GREENHOUSE_DB_URL"
  }

  assert {
    condition     = output.environment["GREENHOUSE_INTERNAL_TRIGGERS"] == "false" && output.environment["GREENHOUSE_ARCHIVE_WORK_DIR"] == "/tmp"
    error_message = "triggers off, work files in /tmp"
  }

  assert {
    condition     = output.api_keys == "test-key-0123456789abcdef,test-key-fedcba9876543210"
    error_message = "GREENHOUSE_EVENTS_API_KEYS is comma-separated"
  }

  assert {
    condition     = output.environment["GREENHOUSE_ALERTS_SNS_TOPIC_ARN"] == "arn:aws:sns:eu-west-2:123456789012:greenhouse-test-pipeline-alerts" && output.environment["GREENHOUSE_ALERTS_SUBJECT_PREFIX"] == "[greenhouse-test]"
    error_message = "the alert route publishes to the topic, subjects name the deployment"
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.app.statement : [s.actions, s.resources] if s.sid == "PipelineAlerts"] == [[toset(["sns:Publish"]), toset(["arn:aws:sns:eu-west-2:123456789012:greenhouse-test-pipeline-alerts"])]]
    error_message = "the app may publish to the alerts topic, nothing more"
  }
}

run "extra_settings_win" {
  command = plan

  variables {
    extra_environment = { GREENHOUSE_ARCHIVE_WORK_DIR = "/scratch" }
  }

  assert {
    condition     = output.environment["GREENHOUSE_ARCHIVE_WORK_DIR"] == "/scratch"
    error_message = "extra_environment overrides"
  }
}

run "a_short_api_key_is_refused" {
  command = plan

  variables {
    events_api_keys = ["short"]
  }

  expect_failures = [var.events_api_keys]
}

run "the_warehouse" {
  command = plan

  assert {
    condition     = output.environment["GREENHOUSE_WAREHOUSE_ENABLED"] == "true" && output.environment["GREENHOUSE_WAREHOUSE_SOURCE_URL"] == "jdbc:postgresql://totesys:5432/totesys" && output.environment["GREENHOUSE_WAREHOUSE_TARGET_USERNAME"] == "loader"
    error_message = "the warehouse is on, with its databases"
  }

  assert {
    condition     = output.environment["GREENHOUSE_WAREHOUSE_INGESTION_BUCKET"] == "greenhouse-test-warehouse-ingestion" && output.environment["GREENHOUSE_WAREHOUSE_PROCESSED_BUCKET"] == "greenhouse-test-warehouse-processed" && output.environment["GREENHOUSE_WAREHOUSE_INGESTION_PREFIX"] == "ingestion"
    error_message = "the zones are the two buckets"
  }

  assert {
    condition     = alltrue([for k, v in output.environment : !strcontains(v, "secret")])
    error_message = "no password among the plain settings"
  }

  assert {
    condition     = aws_secretsmanager_secret.warehouse["source"].name == "greenhouse-test/warehouse-source" && aws_secretsmanager_secret.warehouse["target"].name == "greenhouse-test/warehouse-target"
    error_message = "a secret per database"
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.app.statement : [s.actions, s.resources] if s.sid == "WarehouseIngestionObjects"] == [[toset(["s3:GetObject", "s3:PutObject"]), toset(["arn:aws:s3:::greenhouse-test-warehouse-ingestion/ingestion/*"])]]
    error_message = "the ingestion zone: read and write objects under its prefix, no delete"
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.app.statement : [s.actions, s.resources] if s.sid == "WarehouseProcessedObjects"] == [[toset(["s3:GetObject", "s3:PutObject"]), toset(["arn:aws:s3:::greenhouse-test-warehouse-processed/processed/*"])]]
    error_message = "the processed zone: read and write objects under its prefix, no delete"
  }

  assert {
    condition     = length([for s in data.aws_iam_policy_document.app.statement : s if anytrue([for a in s.actions : startswith(a, "secretsmanager:")])]) == 0
    error_message = "the app's role reads no secret: the runtime hands the passwords over"
  }
}
