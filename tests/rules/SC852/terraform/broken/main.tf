provider "aws" {
  region = "eu-west-1"
}

resource "aws_sns_topic" "alarms" {
  name              = "ops-alarms"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "api-5xx"
  namespace           = "AWS/ApiGateway"
  metric_name         = "5XXError"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.alarms.arn]
}

resource "aws_kms_key" "events" {
  description         = "events topic"
  enable_key_rotation = true
}

resource "aws_sns_topic" "events" {
  name              = "ops-events"
  kms_master_key_id = aws_kms_key.events.arn
}

resource "aws_cloudwatch_event_rule" "ecs_stopped" {
  name = "ecs-task-stopped"
  event_pattern = jsonencode({
    source      = ["aws.ecs"]
    detail-type = ["ECS Task State Change"]
  })
}

resource "aws_cloudwatch_event_target" "to_sns" {
  rule = aws_cloudwatch_event_rule.ecs_stopped.name
  arn  = aws_sns_topic.events.arn
}

output "alarm_topic" {
  value = aws_sns_topic.alarms.arn
}
