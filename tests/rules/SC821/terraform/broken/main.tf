resource "aws_s3_bucket" "uploads" {
  bucket = "acme-customer-uploads"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket      = aws_s3_bucket.uploads.id
  eventbridge = true
}

resource "aws_sqs_queue" "scan" {
  name = "upload-scan"
}

resource "aws_cloudwatch_event_rule" "uploads" {
  name        = "upload-created"
  description = "New objects in the uploads bucket"
  event_pattern = jsonencode({
    source      = ["aws.s3"]
    detail-type = ["Object Created"]
    detail = {
      bucket = {
        name = aws_s3_bucket.uploads.bucket
      }
    }
  })
}

resource "aws_cloudwatch_event_target" "scan" {
  rule = aws_cloudwatch_event_rule.uploads.name
  arn  = aws_sqs_queue.scan.arn
}

resource "aws_sqs_queue_policy" "scan" {
  queue_url = aws_sqs_queue.scan.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.scan.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_cloudwatch_event_rule.uploads.arn } }
    }]
  })
}
