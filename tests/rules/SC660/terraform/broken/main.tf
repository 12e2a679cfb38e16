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

resource "aws_sqs_queue" "statements" {
  name              = "bank-statements-${var.environment_suffix}"
  kms_master_key_id = "alias/aws/sqs"
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
