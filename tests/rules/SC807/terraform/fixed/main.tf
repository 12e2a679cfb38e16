resource "aws_sns_topic" "ledger" {
  name                        = "ledger-events.fifo"
  fifo_topic                  = true
  content_based_deduplication = true
}

resource "aws_sqs_queue" "ledger" {
  name                        = "ledger-events.fifo"
  fifo_queue                  = true
  content_based_deduplication = true
  visibility_timeout_seconds  = 120
}

resource "aws_sns_topic_subscription" "ledger" {
  topic_arn            = aws_sns_topic.ledger.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.ledger.arn
  raw_message_delivery = true
}
