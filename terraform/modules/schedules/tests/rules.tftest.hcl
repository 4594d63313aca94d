# Planned against a mocked AWS provider (no credentials, no AWS calls): terraform init && terraform test

mock_provider "aws" {}

variables {
  name          = "greenhouse-test"
  function_name = "greenhouse-test"
  function_arn  = "arn:aws:lambda:eu-west-2:123456789012:function:greenhouse-test:live"
  qualifier     = "live"
  schedules = {
    plant-ingest = {
      expression = "rate(1 minute)"
      pipeline   = "plant-ingest"
    }
    plant-archive = {
      expression = "cron(0 * * * ? *)"
      pipeline   = "plant-archive"
      enabled    = false
    }
  }
}

run "one_rule_target_and_permission_per_schedule" {
  command = plan

  assert {
    condition     = aws_lambda_permission.this["plant-ingest"].qualifier == "live"
    error_message = "the permission is the alias's, which the target invokes"
  }

  assert {
    condition     = aws_cloudwatch_event_target.this["plant-ingest"].input == "{\"pipeline\":\"plant-ingest\"}"
    error_message = "the input names the pipeline"
  }

  assert {
    condition     = aws_cloudwatch_event_rule.this["plant-archive"].state == "DISABLED" && aws_cloudwatch_event_rule.this["plant-ingest"].state == "ENABLED"
    error_message = "a schedule can be switched off"
  }

  assert {
    condition     = length(aws_lambda_permission.this) == 2
    error_message = "EventBridge may invoke the function once per rule"
  }
}

run "a_malformed_expression_is_refused" {
  command = plan

  variables {
    schedules = {
      plant-ingest = {
        expression = "every minute"
        pipeline   = "plant-ingest"
      }
    }
  }

  expect_failures = [var.schedules]
}
