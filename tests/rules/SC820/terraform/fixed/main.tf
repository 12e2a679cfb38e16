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

data "aws_iam_policy_document" "events_to_audit" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.audit.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.audit.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "audit" {
  queue_url = aws_sqs_queue.audit.id
  policy    = data.aws_iam_policy_document.events_to_audit.json
}
