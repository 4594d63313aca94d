# Planned against a mocked AWS provider (no credentials, no AWS calls): terraform init && terraform test

mock_provider "aws" {
  # the provider still validates the policies it is given
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  name               = "greenhouse-test"
  region             = "eu-west-2"
  vpc_id             = "vpc-0123456789abcdef0"
  subnet_ids         = ["subnet-0123456789abcdef0"]
  image              = "123456789012.dkr.ecr.eu-west-2.amazonaws.com/greenhouse-test:1.0.0"
  ecr_repository_arn = "arn:aws:ecr:eu-west-2:123456789012:repository/greenhouse-test"
  app_policy_json    = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  environment        = { GREENHOUSE_INTERNAL_TRIGGERS = "true" }
  secrets            = { GREENHOUSE_DB_PASSWORD = "arn:aws:secretsmanager:eu-west-2:123456789012:secret:db-AbCdEf:password::" }
  secret_arns        = ["arn:aws:secretsmanager:eu-west-2:123456789012:secret:db-AbCdEf"]
}

run "the_container_is_hardened_checked_and_configured" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].readonlyRootFilesystem == true
    error_message = "read-only root filesystem"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck.command[1] == "curl -fs http://localhost:8080/q/health/ready || exit 1"
    error_message = "readiness health check"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets[0].name == "GREENHOUSE_DB_PASSWORD"
    error_message = "the password comes from Secrets Manager"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].mountPoints[0].containerPath == "/tmp"
    error_message = "a writable /tmp"
  }
}

run "a_task_size_fargate_does_not_offer_is_refused" {
  command = plan

  variables {
    cpu       = 256
    memory_mb = 4096
  }

  expect_failures = [aws_ecs_task_definition.this]
}
