terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "project_name" {
  type    = string
  default = "DataLake"
}

variable "environment_suffix" {
  type    = string
  default = "dev"
}

locals {
  name_prefix = lower("${var.project_name}-${var.environment_suffix}")
}

resource "aws_s3_bucket" "raw" {
  bucket = "${local.name_prefix}-raw"
}

resource "aws_s3_bucket_versioning" "raw" {
  bucket = aws_s3_bucket.raw.id
  versioning_configuration {
    status = "Enabled"
  }
}

output "raw_bucket" {
  value = aws_s3_bucket.raw.bucket
}
