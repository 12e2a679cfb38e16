resource "aws_sns_topic" "user_updates" {
  name = "user-updates"
}

resource "aws_sqs_queue" "user_updates" {
  name                       = "user-updates"
  visibility_timeout_seconds = 120
}

resource "aws_sns_topic_subscription" "user_updates" {
  topic_arn            = aws_sns_topic.user_updates.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.user_updates.arn
  raw_message_delivery = true
}

data "aws_iam_policy_document" "user_updates_from_sns" {
  statement {
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.user_updates.arn]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.user_updates.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "user_updates" {
  queue_url = aws_sqs_queue.user_updates.id
  policy    = data.aws_iam_policy_document.user_updates_from_sns.json
}
