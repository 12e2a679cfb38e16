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

resource "aws_s3_bucket" "media" {
  bucket = "media-uploads-${var.environment_suffix}"
}

resource "aws_sqs_queue" "transcode" {
  name = "media-transcode-${var.environment_suffix}"
}

resource "aws_sqs_queue" "catalog" {
  name = "media-catalog-${var.environment_suffix}"
}

data "aws_iam_policy_document" "s3_send" {
  for_each = { transcode = aws_sqs_queue.transcode.arn, catalog = aws_sqs_queue.catalog.arn }
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [each.value]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_sqs_queue_policy" "transcode" {
  queue_url = aws_sqs_queue.transcode.id
  policy    = data.aws_iam_policy_document.s3_send["transcode"].json
}

resource "aws_sqs_queue_policy" "catalog" {
  queue_url = aws_sqs_queue.catalog.id
  policy    = data.aws_iam_policy_document.s3_send["catalog"].json
}

resource "aws_s3_bucket_notification" "media" {
  bucket     = aws_s3_bucket.media.id
  depends_on = [aws_sqs_queue_policy.transcode, aws_sqs_queue_policy.catalog]

  queue {
    queue_arn     = aws_sqs_queue.transcode.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "videos/"
  }

  queue {
    queue_arn = aws_sqs_queue.catalog.arn
    events    = ["s3:ObjectCreated:Put", "s3:ObjectRemoved:*"]
  }
}
