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

resource "aws_kms_key" "events" {
  description             = "Order events topic key (${var.environment_suffix})"
  enable_key_rotation     = false
  deletion_window_in_days = 7
}

resource "aws_kms_alias" "events" {
  name          = "alias/order-events-${var.environment_suffix}"
  target_key_id = aws_kms_key.events.key_id
}

resource "aws_sns_topic" "events" {
  name              = "order-events-${var.environment_suffix}"
  kms_master_key_id = aws_kms_alias.events.name
}

output "order_events_key_arn" {
  value = aws_kms_key.events.arn
}
