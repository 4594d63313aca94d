# Planned against a mocked AWS provider (no credentials, no AWS calls): terraform init && terraform test

mock_provider "aws" {}

variables {
  bucket_prefix = "greenhouse-test-123456789012"
}

run "archive_and_results_only_by_default" {
  command = plan

  assert {
    condition     = toset(keys(aws_s3_bucket.this)) == toset(["archive", "athena_results", "warehouse_ingestion", "warehouse_processed"])
    error_message = "the archive, query results and the warehouse's two zones unless asked for more"
  }

  assert {
    condition     = alltrue([for block in aws_s3_bucket_public_access_block.this : block.block_public_acls && block.block_public_policy && block.ignore_public_acls && block.restrict_public_buckets])
    error_message = "every bucket is private"
  }

  assert {
    condition     = one(one(aws_s3_bucket_lifecycle_configuration.this["archive"].rule).transition).storage_class == "GLACIER_IR"
    error_message = "the archive moves to Glacier Instant Retrieval"
  }

  assert {
    condition     = keys(aws_s3_bucket_versioning.this) == ["archive"]
    error_message = "the archive is versioned, query results are not"
  }

  assert {
    condition     = one(one(aws_s3_bucket_lifecycle_configuration.this["athena_results"].rule).expiration).days == 30
    error_message = "query results expire"
  }
}

run "raw_events_and_artifacts_on_request" {
  command = plan

  variables {
    raw_events_bucket_enabled = true
    artifacts_bucket_enabled  = true
  }

  assert {
    condition     = aws_s3_bucket.this["raw_events"].bucket == "greenhouse-test-123456789012-raw-events" && aws_s3_bucket.this["artifacts"].bucket == "greenhouse-test-123456789012-artifacts"
    error_message = "four buckets"
  }
}

run "a_bucket_prefix_s3_refuses_is_refused" {
  command = plan

  variables {
    bucket_prefix = "Greenhouse_Test"
  }

  expect_failures = [var.bucket_prefix]
}
