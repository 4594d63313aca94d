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
  # What each watched resource's alarms have in common, and for each alarm what sets it apart from
  # alarm_defaults; null when the caller passes nothing to watch.
  watched = {
    lambda = var.lambda == null ? null : {
      common = { namespace = "AWS/Lambda", dimensions = { FunctionName = var.lambda.function_name } }
      alarms = {
        lambda-errors = {
          description = "The function failed (a pipeline cycle or an API call threw)"
          metric      = "Errors"
          statistic   = "Sum"
          threshold   = 0
        }
        lambda-throttles = {
          description = "Invocations were throttled (concurrency limit)"
          metric      = "Throttles"
          statistic   = "Sum"
          threshold   = 0
        }
        lambda-duration = {
          description = "An invocation came close to the timeout of ${var.lambda.timeout_seconds} s"
          metric      = "Duration"
          statistic   = "Maximum"
          threshold   = var.lambda.timeout_seconds * 1000 * var.duration_threshold_percent / 100
        }
      }
    }

    ecs = var.ecs == null ? null : {
      common = { dimensions = { ClusterName = var.ecs.cluster_name, ServiceName = var.ecs.service_name } }
      alarms = {
        ecs-running-tasks = {
          description = "Fewer tasks run than the ${var.ecs.desired_count} desired, for 5 minutes"
          namespace   = "ECS/ContainerInsights"
          metric      = "RunningTaskCount"
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
          statistic   = "Average"
          evaluations = 3
          threshold   = var.cpu_threshold_percent
        }
        ecs-memory-high = {
          description = "The tasks' memory stayed above 90 %"
          namespace   = "AWS/ECS"
          metric      = "MemoryUtilization"
          statistic   = "Average"
          evaluations = 3
          threshold   = 90
        }
      }
    }

    kinesis = var.kinesis_stream_name == null ? null : {
      common = { namespace = "AWS/Kinesis", dimensions = { StreamName = var.kinesis_stream_name } }
      alarms = {
        kinesis-iterator-age = {
          description = "The stream's consumer (event delivery or Firehose) fell behind by more than ${var.iterator_age_threshold_ms / 60000} min"
          metric      = "GetRecords.IteratorAgeMilliseconds"
          statistic   = "Maximum"
          evaluations = 2
          threshold   = var.iterator_age_threshold_ms
        }
      }
    }

    rds = var.rds_instance_id == null ? null : {
      common = { namespace = "AWS/RDS", dimensions = { DBInstanceIdentifier = var.rds_instance_id } }
      alarms = {
        rds-free-storage = {
          description = "The database has less than ${var.free_storage_threshold_gb} GiB free storage"
          metric      = "FreeStorageSpace"
          statistic   = "Minimum"
          comparison  = "LessThanThreshold"
          threshold   = var.free_storage_threshold_gb * 1024 * 1024 * 1024
          missing     = "breaching"
        }
        rds-cpu-high = {
          description = "The database's CPU stayed above ${var.cpu_threshold_percent} %"
          metric      = "CPUUtilization"
          statistic   = "Average"
          evaluations = 3
          threshold   = var.cpu_threshold_percent
        }
      }
    }

    api = var.http_api_id == null ? null : {
      common = { namespace = "AWS/ApiGateway", dimensions = { ApiId = var.http_api_id } }
      alarms = {
        api-5xx = {
          description = "The events API answered 5xx (the function failed or timed out)"
          metric      = "5xx"
          statistic   = "Sum"
          threshold   = 0
        }
      }
    }
  }

  alarm_defaults = {
    period      = 300
    evaluations = 1
    comparison  = "GreaterThanThreshold"
    missing     = "notBreaching"
  }

  # every alarm by name, complete: the defaults, then its resource's namespace and dimensions, then its own
  alarms = merge([
    for resource in values(local.watched) : {
      for key, alarm in resource.alarms : key => merge(local.alarm_defaults, resource.common, alarm)
    } if resource != null
  ]...)
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = tomap(each.value.dimensions)
  statistic           = each.value.statistic
  period              = each.value.period
  evaluation_periods  = each.value.evaluations
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold
  treat_missing_data  = each.value.missing
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}
