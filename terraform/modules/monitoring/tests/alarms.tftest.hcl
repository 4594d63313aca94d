# Planned against a mocked AWS provider (no credentials, no AWS calls): terraform init && terraform test

mock_provider "aws" {}

variables {
  name        = "greenhouse-test"
  alarm_email = "alerts@example.org"
}

run "alarms_follow_what_is_watched" {
  command = plan

  variables {
    lambda = {
      function_name   = "greenhouse-test"
      timeout_seconds = 900
    }
    kinesis_stream_name = "greenhouse-test-events"
    rds_instance_id     = "greenhouse-test"
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.this)) == toset(["lambda-errors", "lambda-throttles", "lambda-duration", "kinesis-iterator-age", "rds-free-storage", "rds-cpu-high"])
    error_message = "the Lambda, stream and database alarms, nothing for ECS or the API"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["lambda-duration"].threshold == 720000
    error_message = "duration alarm at 80 % of a 900 s timeout"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["rds-free-storage"].threshold == 5 * 1024 * 1024 * 1024
    error_message = "free storage threshold in bytes"
  }
}

run "ecs_alarms_for_a_service" {
  command = plan

  variables {
    ecs = {
      cluster_name  = "greenhouse-test"
      service_name  = "greenhouse-test"
      desired_count = 2
    }
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.this)) == toset(["ecs-running-tasks", "ecs-cpu-high", "ecs-memory-high"])
    error_message = "only the ECS alarms"
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["ecs-running-tasks"].threshold == 2 && aws_cloudwatch_metric_alarm.this["ecs-running-tasks"].comparison_operator == "LessThanThreshold"
    error_message = "alarm below the desired count"
  }
}

run "a_malformed_email_is_refused" {
  command = plan

  variables {
    alarm_email = "alerts-at-example.org"
  }

  expect_failures = [var.alarm_email]
}
