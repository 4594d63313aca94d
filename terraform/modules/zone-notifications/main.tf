# S3 event notifications of the warehouse's zones to the function (docs/warehouse.md, "Lambda"): a new
# ingestion manifest runs process, a new processed manifest runs load. Only the manifests' keys notify, so the
# step starts once its input is complete (objects first, manifest last), never for each object. A bucket has
# one notification configuration: these buckets are the warehouse's own, nothing else sets theirs.

locals {
  zones = {
    ingestion = {
      bucket_name = var.ingestion_bucket_name
      bucket_arn  = var.ingestion_bucket_arn
      key_prefix  = "${var.ingestion_prefix}/manifests/ingest-"
    }
    processed = {
      bucket_name = var.processed_bucket_name
      bucket_arn  = var.processed_bucket_arn
      key_prefix  = "${var.processed_prefix}/manifests/processed-"
    }
  }
}

data "aws_caller_identity" "current" {}

# S3 may invoke the function for these two buckets of this account only
resource "aws_lambda_permission" "this" {
  for_each = local.zones

  statement_id   = "s3-warehouse-${each.key}"
  action         = "lambda:InvokeFunction"
  function_name  = var.function_name
  qualifier      = var.qualifier
  principal      = "s3.amazonaws.com"
  source_arn     = each.value.bucket_arn
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_s3_bucket_notification" "this" {
  for_each = local.zones

  bucket = each.value.bucket_name

  lambda_function {
    id                  = "warehouse-${each.key}-manifest"
    lambda_function_arn = var.function_arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = each.value.key_prefix
    filter_suffix       = ".json"
  }

  # S3 checks that it may invoke the function when the configuration is written
  depends_on = [aws_lambda_permission.this]
}
