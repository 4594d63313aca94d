# Planned against a mocked AWS provider (no credentials, no AWS calls): terraform init && terraform test

mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
}

variables {
  function_name         = "greenhouse-test"
  function_arn          = "arn:aws:lambda:eu-west-2:123456789012:function:greenhouse-test:live"
  qualifier             = "live"
  ingestion_bucket_name = "greenhouse-test-warehouse-ingestion"
  ingestion_bucket_arn  = "arn:aws:s3:::greenhouse-test-warehouse-ingestion"
  ingestion_prefix      = "ingestion"
  processed_bucket_name = "greenhouse-test-warehouse-processed"
  processed_bucket_arn  = "arn:aws:s3:::greenhouse-test-warehouse-processed"
  processed_prefix      = "processed"
}

run "only_the_manifests_notify" {
  command = plan

  assert {
    condition     = alltrue([for p in aws_lambda_permission.this : p.qualifier == "live"])
    error_message = "the permissions are the alias's, which the notifications invoke"
  }

  assert {
    condition     = one(aws_s3_bucket_notification.this["ingestion"].lambda_function).filter_prefix == "ingestion/manifests/ingest-" && one(aws_s3_bucket_notification.this["processed"].lambda_function).filter_prefix == "processed/manifests/processed-"
    error_message = "an ingestion manifest runs process, a processed manifest runs load"
  }

  assert {
    condition     = alltrue([for n in aws_s3_bucket_notification.this : one(n.lambda_function).events == toset(["s3:ObjectCreated:*"]) && one(n.lambda_function).filter_suffix == ".json" && one(n.lambda_function).lambda_function_arn == var.function_arn])
    error_message = "ObjectCreated of a .json manifest invokes the function"
  }

  assert {
    condition     = aws_lambda_permission.this["ingestion"].principal == "s3.amazonaws.com" && aws_lambda_permission.this["ingestion"].source_arn == var.ingestion_bucket_arn && aws_lambda_permission.this["processed"].source_arn == var.processed_bucket_arn && aws_lambda_permission.this["processed"].source_account == "123456789012"
    error_message = "S3 may invoke the function for the two zone buckets only"
  }
}
