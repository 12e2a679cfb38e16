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
  default = "prod"
}

resource "aws_s3_bucket" "records" {
  bucket = "patient-records-${var.environment_suffix}"
}

resource "aws_s3_bucket" "records_replica" {
  bucket = "patient-records-replica-${var.environment_suffix}"
}

resource "aws_s3_bucket_versioning" "records_replica" {
  bucket = aws_s3_bucket.records_replica.id
  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "assume_s3" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "replication" {
  name               = "records-replication-${var.environment_suffix}"
  assume_role_policy = data.aws_iam_policy_document.assume_s3.json
}

resource "aws_s3_bucket_replication_configuration" "records" {
  bucket = aws_s3_bucket.records.id
  role   = aws_iam_role.replication.arn

  rule {
    id     = "all-objects"
    status = "Enabled"

    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket        = aws_s3_bucket.records_replica.arn
      storage_class = "STANDARD_IA"
    }
  }
}
