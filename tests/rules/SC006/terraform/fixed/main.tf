terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

resource "aws_sns_topic" "alerts" {
  name = "alerts-dev"
}

resource "aws_cloudwatch_metric_alarm" "queue_depth" {
  alarm_name          = "queue-depth-dev"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 300
  statistic           = "Maximum"
  threshold           = 100
  actions_enabled     = true
  alarm_actions       = [aws_sns_topic.alerts.arn]
}
