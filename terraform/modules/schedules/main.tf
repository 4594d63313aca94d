# EventBridge rules that invoke the function with {"pipeline": "<name>"}: GreenhouseLambda runs one cycle of
# that pipeline. The app's own timers are off on Lambda (GREENHOUSE_INTERNAL_TRIGGERS=false).

resource "aws_cloudwatch_event_rule" "this" {
  for_each = var.schedules

  name                = "${var.name}-${each.key}"
  description         = "Runs the ${each.value.pipeline} pipeline: ${each.value.expression}"
  schedule_expression = each.value.expression
  state               = each.value.enabled ? "ENABLED" : "DISABLED"
}

resource "aws_cloudwatch_event_target" "this" {
  for_each = var.schedules

  rule      = aws_cloudwatch_event_rule.this[each.key].name
  target_id = "greenhouse"
  arn       = var.function_arn
  input     = jsonencode({ pipeline = each.value.pipeline })
}

resource "aws_lambda_permission" "this" {
  for_each = var.schedules

  statement_id  = "eventbridge-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = var.function_name
  qualifier     = var.qualifier
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.this[each.key].arn
}
