resource "aws_kms_key" "orders" {
  description         = "orders queues"
  enable_key_rotation = true
}

resource "aws_sqs_queue" "orders_dlq" {
  name                      = "orders-dlq.fifo"
  fifo_queue                = true
  kms_master_key_id         = aws_kms_key.orders.arn
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "orders" {
  name                        = "orders.fifo"
  fifo_queue                  = true
  content_based_deduplication = true
  kms_master_key_id           = aws_kms_key.orders.arn
  visibility_timeout_seconds  = 300
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn
    maxReceiveCount     = 5
  })
}
