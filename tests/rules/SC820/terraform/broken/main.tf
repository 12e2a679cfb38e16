resource "aws_sqs_queue" "audit" {
  name                       = "audit-events"
  message_retention_seconds  = 1209600
  visibility_timeout_seconds = 60
}

resource "aws_cloudwatch_event_rule" "audit" {
  name = "iam-changes"
  event_pattern = jsonencode({
    source      = ["aws.iam"]
    detail-type = ["AWS API Call via CloudTrail"]
  })
}

resource "aws_cloudwatch_event_target" "audit" {
  rule = aws_cloudwatch_event_rule.audit.name
  arn  = aws_sqs_queue.audit.arn
}
