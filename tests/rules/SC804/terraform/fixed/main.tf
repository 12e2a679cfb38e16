resource "aws_kms_key" "events" {
  description         = "events stream"
  enable_key_rotation = true
}

resource "aws_kinesis_stream" "events" {
  name             = "app-events"
  retention_period = 72
  encryption_type  = "KMS"
  kms_key_id       = aws_kms_key.events.arn

  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

resource "aws_kinesis_stream_consumer" "analytics" {
  name       = "analytics"
  stream_arn = aws_kinesis_stream.events.arn
}
