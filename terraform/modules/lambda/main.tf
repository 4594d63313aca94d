# The app as one Lambda function with one role: the app's policy, its own log group, the VPC network
# interfaces and nothing else.

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  description        = "Role of the ${var.name} function"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "app" {
  name   = "app"
  role   = aws_iam_role.this.id
  policy = var.app_policy_json
}

data "aws_iam_policy_document" "runtime" {
  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  # What AWSLambdaVPCAccessExecutionRole grants besides logs; EC2 does not scope these to resources
  statement {
    sid = "VpcNetworkInterfaces"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "runtime" {
  name   = "runtime"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.runtime.json
}

# Versioned bucket, fixed key: a new build is a new object version, and the function follows it.
resource "aws_s3_object" "package" {
  bucket      = var.package_bucket
  key         = "lambda/${var.name}/function.zip"
  source      = var.package_file
  source_hash = filemd5(var.package_file)
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  description   = "Greenhouse pipelines (EventBridge schedules) and POST /api/events (API Gateway)"
  role          = aws_iam_role.this.arn

  s3_bucket         = aws_s3_object.package.bucket
  s3_key            = aws_s3_object.package.key
  s3_object_version = aws_s3_object.package.version_id
  source_code_hash  = filebase64sha256(var.package_file)

  handler = var.handler
  runtime = var.runtime
  # SnapStart restores published versions only: every change publishes one, and callers invoke the alias
  publish       = true
  architectures = [var.architecture]
  memory_size   = var.memory_mb
  timeout       = var.timeout_seconds

  reserved_concurrent_executions = var.reserved_concurrency

  ephemeral_storage {
    size = var.ephemeral_storage_mb
  }

  # each new environment starts from a snapshot taken after the app started (Quarkus preloads its classes and
  # runs the whole start before the snapshot: quarkus.snapstart.*, on by default in the lambda build)
  snap_start {
    apply_on = var.snap_start ? "PublishedVersions" : "None"
  }

  environment {
    variables = merge(
      {
        QUARKUS_LAMBDA_HANDLER = "greenhouse"
        # events arrive through the handler: no HTTP port to open inside Lambda
        QUARKUS_HTTP_HOST_ENABLED = "false"
        # a shorter cold start: the JIT's first tier only
        JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
      },
      var.environment,
      var.secret_environment,
    )
  }

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  depends_on = [aws_iam_role_policy.runtime, aws_cloudwatch_log_group.this]

  lifecycle {
    precondition {
      condition     = !var.snap_start || var.ephemeral_storage_mb <= 512
      error_message = "SnapStart takes at most 512 MB of ephemeral storage: set ephemeral_storage_mb to 512 or less, or snap_start to false."
    }
  }
}

# What the schedules, the S3 notifications and the API invoke: the version published last (SnapStart does not
# apply to $LATEST).
resource "aws_lambda_alias" "live" {
  name             = "live"
  description      = "The version published last"
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}

resource "aws_lambda_function_event_invoke_config" "this" {
  function_name                = aws_lambda_function.this.function_name
  qualifier                    = aws_lambda_alias.live.name
  maximum_retry_attempts       = var.async_retry_attempts
  maximum_event_age_in_seconds = 3600
}
