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
