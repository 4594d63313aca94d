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
