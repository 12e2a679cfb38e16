resource "aws_sns_topic" "oncall" {
  name = "oncall-alerts"
}

resource "aws_cloudwatch_metric_alarm" "api_errors" {
  alarm_name          = "api-5xx"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 5
  datapoints_to_alarm = 3
  metric_name         = "5XXError"
  namespace           = "AWS/ApiGateway"
  period              = 60
  statistic           = "Sum"
  threshold           = 10
  treat_missing_data  = "notBreaching"
  dimensions = {
    ApiName = "orders"
  }
  alarm_actions = [aws_sns_topic.oncall.arn]
}
