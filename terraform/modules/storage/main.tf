# The buckets: private (public access blocked, owner-enforced), encrypted (SSE-S3), reachable over TLS only.
# One set of resources over a map, so every bucket gets the same protection.

locals {
  buckets = merge(
    {
      archive = {
        name       = "${var.bucket_prefix}-archive"
        versioning = true
        transition = true
        expiration = null
      }
      athena_results = {
        name       = "${var.bucket_prefix}-athena-results"
        versioning = false
        transition = false
        expiration = var.athena_results_expiration_days
      }
      # the warehouse's zones (docs/warehouse.md), a bucket each as in the seed: every object is written once
      # under a new run's key, so no versioning; the manifests' ObjectCreated events start the next step
      warehouse_ingestion = {
        name       = "${var.bucket_prefix}-warehouse-ingestion"
        versioning = false
        transition = false
        expiration = null
      }
      warehouse_processed = {
        name       = "${var.bucket_prefix}-warehouse-processed"
        versioning = false
        transition = false
        expiration = null
      }
    },
    var.raw_events_bucket_enabled ? {
      raw_events = {
        name       = "${var.bucket_prefix}-raw-events"
        versioning = false
        transition = true
        expiration = null
      }
    } : {},
    var.artifacts_bucket_enabled ? {
      artifacts = {
        name       = "${var.bucket_prefix}-artifacts"
        versioning = true
        transition = false
        expiration = null
      }
    } : {},
  )
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  bucket        = each.value.name
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = local.buckets

  bucket                  = aws_s3_bucket.this[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = { for key, bucket in local.buckets : key => bucket if bucket.versioning }

  bucket = aws_s3_bucket.this[each.key].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id

  rule {
    id     = "housekeeping"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }

    dynamic "transition" {
      for_each = each.value.transition ? [var.archive_transition_storage_class] : []
      content {
        days          = var.archive_transition_days
        storage_class = transition.value
      }
    }

    dynamic "expiration" {
      for_each = each.value.expiration == null ? [] : [each.value.expiration]
      content {
        days = expiration.value
      }
    }

    dynamic "noncurrent_version_expiration" {
      for_each = each.value.versioning ? [var.noncurrent_version_expiration_days] : []
      content {
        noncurrent_days = noncurrent_version_expiration.value
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

data "aws_iam_policy_document" "tls_only" {
  for_each = local.buckets

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this[each.key].arn, "${aws_s3_bucket.this[each.key].arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyOutdatedTls"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this[each.key].arn, "${aws_s3_bucket.this[each.key].arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }
}

resource "aws_s3_bucket_policy" "tls_only" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id
  policy = data.aws_iam_policy_document.tls_only[each.key].json

  # the policy is refused while public access blocking is still being set up
  depends_on = [aws_s3_bucket_public_access_block.this]
}
