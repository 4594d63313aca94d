# One SNS topic mailed to alarm_email, and the alarms of whatever the caller passes in. The topic is not
# KMS-encrypted: CloudWatch cannot publish to a topic under the AWS-managed SNS key, and alarms carry no
# secrets.

resource "aws_sns_topic" "alarms" {
  name = "${var.name}-alarms"
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  lambda_alarms = var.lambda == null ? {} : {
    lambda-errors = {
      description = "The function failed (a pipeline cycle or an API call threw)"
      namespace   = "AWS/Lambda"
      metric      = "Errors"
      dimensions  = tomap({ FunctionName = var.lambda.function_name })
      statistic   = "Sum"
      period      = 300
      evaluations = 1
      comparison  = "GreaterThanThreshold"
      threshold   = 0
      missing     = "notBreaching"
    }
    lambda-throttles = {
      description = "Invocations were throttled (concurrency limit)"
      namespace   = "AWS/Lambda"
      metric      = "Throttles"
      dimensions  = tomap({ FunctionName = var.lambda.function_name })
      statistic   = "Sum"
      period      = 300
      evaluations = 1
      comparison  = "GreaterThanThreshold"
      threshold   = 0
      missing     = "notBreaching"
    }
    lambda-duration = {
      description = "An invocation came close to the timeout of ${var.lambda.timeout_seconds} s"
      namespace   = "AWS/Lambda"
      metric      = "Duration"
      dimensions  = tomap({ FunctionName = var.lambda.function_name })
      statistic   = "Maximum"
      period      = 300
      evaluations = 1
      comparison  = "GreaterThanThreshold"
      threshold   = var.lambda.timeout_seconds * 1000 * var.duration_threshold_percent / 100
      missing     = "notBreaching"
    }
  }

  ecs_alarms = var.ecs == null ? {} : {
    ecs-running-tasks = {
      description = "Fewer tasks run than the ${var.ecs.desired_count} desired, for 5 minutes"
      namespace   = "ECS/ContainerInsights"
      metric      = "RunningTaskCount"
      dimensions  = tomap({ ClusterName = var.ecs.cluster_name, ServiceName = var.ecs.service_name })
      statistic   = "Minimum"
      period      = 60
      evaluations = 5
      comparison  = "LessThanThreshold"
      threshold   = var.ecs.desired_count
      missing     = "breaching"
    }
    ecs-cpu-high = {
      description = "The tasks' CPU stayed above ${var.cpu_threshold_percent} %"
      namespace   = "AWS/ECS"
      metric      = "CPUUtilization"
      dimensions  = tomap({ ClusterName = var.ecs.cluster_name, ServiceName = var.ecs.service_name })
      statistic   = "Average"
      period      = 300
      evaluations = 3
      comparison  = "GreaterThanThreshold"
      threshold   = var.cpu_threshold_percent
      missing     = "notBreaching"
    }
    ecs-memory-high = {
      description = "The tasks' memory stayed above 90 %"
      namespace   = "AWS/ECS"
      metric      = "MemoryUtilization"
      dimensions  = tomap({ ClusterName = var.ecs.cluster_name, ServiceName = var.ecs.service_name })
      statistic   = "Average"
      period      = 300
      evaluations = 3
      comparison  = "GreaterThanThreshold"
      threshold   = 90
      missing     = "notBreaching"
    }
  }

  kinesis_alarms = var.kinesis_stream_name == null ? {} : {
    kinesis-iterator-age = {
      description = "The stream's consumer (event delivery or Firehose) fell behind by more than ${var.iterator_age_threshold_ms / 60000} min"
      namespace   = "AWS/Kinesis"
      metric      = "GetRecords.IteratorAgeMilliseconds"
      dimensions  = tomap({ StreamName = var.kinesis_stream_name })
      statistic   = "Maximum"
      period      = 300
      evaluations = 2
      comparison  = "GreaterThanThreshold"
      threshold   = var.iterator_age_threshold_ms
      missing     = "notBreaching"
    }
  }

  rds_alarms = var.rds_instance_id == null ? {} : {
    rds-free-storage = {
      description = "The database has less than ${var.free_storage_threshold_gb} GiB free storage"
      namespace   = "AWS/RDS"
      metric      = "FreeStorageSpace"
      dimensions  = tomap({ DBInstanceIdentifier = var.rds_instance_id })
      statistic   = "Minimum"
      period      = 300
      evaluations = 1
      comparison  = "LessThanThreshold"
      threshold   = var.free_storage_threshold_gb * 1024 * 1024 * 1024
      missing     = "breaching"
    }
    rds-cpu-high = {
      description = "The database's CPU stayed above ${var.cpu_threshold_percent} %"
      namespace   = "AWS/RDS"
      metric      = "CPUUtilization"
      dimensions  = tomap({ DBInstanceIdentifier = var.rds_instance_id })
      statistic   = "Average"
      period      = 300
      evaluations = 3
      comparison  = "GreaterThanThreshold"
      threshold   = var.cpu_threshold_percent
      missing     = "notBreaching"
    }
  }

  api_alarms = var.http_api_id == null ? {} : {
    api-5xx = {
      description = "The events API answered 5xx (the function failed or timed out)"
      namespace   = "AWS/ApiGateway"
      metric      = "5xx"
      dimensions  = tomap({ ApiId = var.http_api_id })
      statistic   = "Sum"
      period      = 300
      evaluations = 1
      comparison  = "GreaterThanThreshold"
      threshold   = 0
      missing     = "notBreaching"
    }
  }

  alarms = merge(local.lambda_alarms, local.ecs_alarms, local.kinesis_alarms, local.rds_alarms, local.api_alarms)
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  period              = each.value.period
  evaluation_periods  = each.value.evaluations
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold
  treat_missing_data  = each.value.missing
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}
