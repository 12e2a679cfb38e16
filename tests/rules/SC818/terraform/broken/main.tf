resource "aws_sqs_queue" "reports" {
  name = "daily-reports"
}

resource "aws_cloudwatch_event_rule" "daily_report" {
  name                = "daily-report"
  description         = "Build the daily report at 06:00 UTC on weekdays"
  schedule_expression = "cron(0 6 * * MON-FRI *)"
}

resource "aws_cloudwatch_event_target" "daily_report" {
  rule = aws_cloudwatch_event_rule.daily_report.name
  arn  = aws_sqs_queue.reports.arn
}

resource "aws_sqs_queue_policy" "reports" {
  queue_url = aws_sqs_queue.reports.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.reports.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.daily_report.arn } }
    }]
  })
}
