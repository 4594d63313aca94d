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
  package_file       = "tests/package.zip" # an empty zip: the plan only hashes it
  package_bucket     = "greenhouse-test-artifacts"
  subnet_ids         = ["subnet-0123456789abcdef0"]
  security_group_ids = ["sg-0123456789abcdef0"]
  app_policy_json    = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
}

run "snapstart_restores_the_published_version_the_alias_names_and_no_http_port_opens" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.snap_start[0].apply_on == "PublishedVersions" && aws_lambda_function.this.publish
    error_message = "SnapStart on published versions, and every change publishes one"
  }

  assert {
    condition     = aws_lambda_alias.live.function_name == "greenhouse-test" && aws_lambda_function_event_invoke_config.this.qualifier == "live"
    error_message = "the alias is what callers invoke"
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["QUARKUS_HTTP_HOST_ENABLED"] == "false"
    error_message = "no HTTP server inside Lambda"
  }

  assert {
    condition     = aws_lambda_function.this.ephemeral_storage[0].size == 512
    error_message = "SnapStart takes at most 512 MB of /tmp"
  }
}

run "more_ephemeral_storage_than_snapstart_takes_is_refused" {
  command = plan

  variables {
    ephemeral_storage_mb = 2048
  }

  expect_failures = [aws_lambda_function.this]
}

run "without_snapstart_the_function_may_have_more_ephemeral_storage" {
  command = plan

  variables {
    snap_start           = false
    ephemeral_storage_mb = 2048
  }

  assert {
    condition     = aws_lambda_function.this.snap_start[0].apply_on == "None" && aws_lambda_function.this.ephemeral_storage[0].size == 2048
    error_message = "SnapStart off, 2 GB of /tmp"
  }
}
