resource "aws_glue_catalog_database" "this" {
  name        = var.database_name
  description = "Greenhouse archive datasets (Parquet in s3://${var.archive_bucket_name}/${var.archive_prefix}/)"
}

resource "aws_athena_workgroup" "this" {
  name          = var.name
  description   = "Queries over the Greenhouse archive"
  force_destroy = true

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.bytes_scanned_cutoff_per_query

    engine_version {
      selected_engine_version = "AUTO"
    }

    result_configuration {
      output_location = "s3://${var.results_bucket_name}/results/"

      encryption_configuration {
        encryption_option = "SSE_S3"
      }
    }
  }
}

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  glue_arn_prefix = "arn:${data.aws_partition.current.partition}:glue:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
}

# For people and tools that query the archive: not attached to the app, whose role never queries.
data "aws_iam_policy_document" "query" {
  statement {
    sid = "Workgroup"
    actions = [
      "athena:GetWorkGroup",
      "athena:StartQueryExecution",
      "athena:StopQueryExecution",
      "athena:GetQueryExecution",
      "athena:GetQueryResults",
      "athena:GetQueryResultsStream",
      "athena:ListQueryExecutions",
    ]
    resources = [aws_athena_workgroup.this.arn]
  }

  statement {
    sid     = "Catalog"
    actions = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions"]
    resources = [
      "${local.glue_arn_prefix}:catalog",
      "${local.glue_arn_prefix}:database/${aws_glue_catalog_database.this.name}",
      "${local.glue_arn_prefix}:table/${aws_glue_catalog_database.this.name}/*",
    ]
  }

  statement {
    sid       = "ReadArchive"
    actions   = ["s3:GetObject"]
    resources = ["${var.archive_bucket_arn}/${var.archive_prefix}/*"]
  }

  statement {
    sid       = "ListArchive"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [var.archive_bucket_arn]
  }

  statement {
    sid       = "Results"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${var.results_bucket_arn}/results/*"]
  }

  statement {
    sid       = "ResultsBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"]
    resources = [var.results_bucket_arn]
  }
}

resource "aws_iam_policy" "query" {
  count = var.create_query_policy ? 1 : 0

  name        = "${var.name}-athena-query"
  description = "Query the Greenhouse archive tables in the ${var.name} Athena workgroup"
  policy      = data.aws_iam_policy_document.query.json
}
