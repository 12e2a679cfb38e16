terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "environment_suffix" {
  type    = string
  default = "dev"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "invoice-uploads-${var.environment_suffix}"
}

resource "aws_sqs_queue" "ingest" {
  name                       = "invoice-ingest-${var.environment_suffix}"
  visibility_timeout_seconds = 120
}

data "aws_iam_policy_document" "s3_to_ingest" {
  statement {
    sid       = "AllowS3SendMessage"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.ingest.arn]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.uploads.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "ingest" {
  queue_url = aws_sqs_queue.ingest.id
  policy    = data.aws_iam_policy_document.s3_to_ingest.json
}

resource "aws_s3_bucket_notification" "uploads" {
  depends_on = [aws_sqs_queue_policy.ingest]

  bucket = aws_s3_bucket.uploads.id

  queue {
    queue_arn     = aws_sqs_queue.ingest.arn
    events        = ["s3:ObjectCreated:*"]
    filter_suffix = ".pdf"
  }
}
