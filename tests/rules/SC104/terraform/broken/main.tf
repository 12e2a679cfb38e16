terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.aws_region
}

variable "aws_region" {
  type    = string
  default = "eu-west-1"
}

variable "environment_suffix" {
  type    = string
  default = "dev"
}

resource "aws_sqs_queue" "invoices_dlq" {
  name              = "invoice-render-dlq-${var.environment_suffix}"
  kms_master_key_id = "alias/aws/sqs"
}

resource "aws_sqs_queue" "invoices" {
  name                       = "invoice-render-${var.environment_suffix}"
  visibility_timeout_seconds = 120
  kms_master_key_id          = "alias/aws/sqs"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.invoices_dlq.arn
    maxReceiveCount     = 5
  })
}
