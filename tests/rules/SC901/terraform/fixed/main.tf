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

resource "aws_sqs_queue" "order_events_dlq" {
  name = "order-events-dlq-${var.environment_suffix}"
}

resource "aws_sqs_queue" "order_events" {
  name = "order-events-${var.environment_suffix}"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.order_events_dlq.arn
    maxReceiveCount     = 4
  })
}

resource "aws_cloudwatch_log_group" "order_consumer" {
  name              = "/app/order-consumer-${var.environment_suffix}"
  retention_in_days = 14
}
