terraform {
  required_version = ">= 1.10.0"

  backend "s3" {
    bucket       = "acme-terraform-state-eu-west-1"
    key          = "notifications/terraform.tfstate"
    region       = "eu-west-1"
    encrypt      = true
    use_lockfile = true
  }

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

resource "aws_sns_topic" "alerts" {
  name = "notification-alerts-${var.environment_suffix}"
}

resource "aws_sqs_queue" "alerts" {
  name                      = "notification-alerts-${var.environment_suffix}"
  message_retention_seconds = 345600
}

resource "aws_sns_topic_subscription" "alerts" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.alerts.arn
}
