# Planned against a mocked AWS provider (no credentials, no AWS calls): terraform init && terraform test

mock_provider "aws" {}

variables {
  name  = "greenhouse-test"
  email = "oncall@example.org"
}

run "an_encrypted_topic_mailed_to_the_address" {
  command = plan

  assert {
    condition     = aws_sns_topic.alerts.name == "greenhouse-test-pipeline-alerts" && aws_sns_topic.alerts.kms_master_key_id == "alias/aws/sns"
    error_message = "the topic is named after the deployment and encrypted"
  }

  assert {
    condition     = aws_sns_topic_subscription.email.protocol == "email" && aws_sns_topic_subscription.email.endpoint == "oncall@example.org"
    error_message = "the topic is mailed to var.email"
  }
}

run "a_bad_address_is_refused" {
  command = plan

  variables {
    email = "not-an-address"
  }

  expect_failures = [var.email]
}
