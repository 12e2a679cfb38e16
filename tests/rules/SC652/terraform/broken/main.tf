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

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  queue {
    queue_arn     = aws_sqs_queue.ingest.arn
    events        = ["s3:ObjectCreated:*"]
    filter_suffix = ".pdf"
  }
}
