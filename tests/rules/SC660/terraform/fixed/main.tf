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

resource "aws_s3_bucket" "statements" {
  bucket = "bank-statements-${var.environment_suffix}"
}

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "events" {
  description         = "S3 event messages"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdmin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "S3EventNotifications"
        Effect    = "Allow"
        Principal = { Service = "s3.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:Decrypt"]
        Resource  = "*"
      }
    ]
  })
}

resource "aws_sqs_queue" "statements" {
  name              = "bank-statements-${var.environment_suffix}"
  kms_master_key_id = aws_kms_key.events.arn
}

data "aws_iam_policy_document" "s3_send" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.statements.arn]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_sqs_queue_policy" "statements" {
  queue_url = aws_sqs_queue.statements.id
  policy    = data.aws_iam_policy_document.s3_send.json
}

resource "aws_s3_bucket_notification" "statements" {
  bucket     = aws_s3_bucket.statements.id
  depends_on = [aws_sqs_queue_policy.statements]

  queue {
    queue_arn     = aws_sqs_queue.statements.arn
    events        = ["s3:ObjectCreated:*"]
    filter_suffix = ".csv"
  }
}
