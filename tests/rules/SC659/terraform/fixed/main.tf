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

resource "aws_s3_bucket" "landing" {
  bucket = "partner-landing-${var.environment_suffix}"
}

resource "aws_sns_topic" "csv_arrivals" {
  name = "partner-csv-arrivals-${var.environment_suffix}"
}

resource "aws_sns_topic" "json_arrivals" {
  name = "partner-json-arrivals-${var.environment_suffix}"
}

data "aws_iam_policy_document" "s3_publish" {
  statement {
    actions   = ["sns:Publish"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_sns_topic_policy" "csv_arrivals" {
  arn    = aws_sns_topic.csv_arrivals.arn
  policy = data.aws_iam_policy_document.s3_publish.json
}

resource "aws_sns_topic_policy" "json_arrivals" {
  arn    = aws_sns_topic.json_arrivals.arn
  policy = data.aws_iam_policy_document.s3_publish.json
}

resource "aws_s3_bucket_notification" "landing" {
  bucket     = aws_s3_bucket.landing.id
  depends_on = [aws_sns_topic_policy.csv_arrivals, aws_sns_topic_policy.json_arrivals]

  topic {
    topic_arn     = aws_sns_topic.csv_arrivals.arn
    events        = ["s3:ObjectCreated:*"]
    filter_suffix = ".csv"
  }

  topic {
    topic_arn     = aws_sns_topic.json_arrivals.arn
    events        = ["s3:ObjectCreated:*"]
    filter_suffix = ".json"
  }
}
