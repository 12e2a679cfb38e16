terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "webhook_mac" {
  description              = "HMAC key for webhook signatures"
  customer_master_key_spec = "HMAC_256"
  deletion_window_in_days  = 7
}

resource "aws_kms_alias" "webhook_mac" {
  name          = "alias/webhook-mac"
  target_key_id = aws_kms_key.webhook_mac.key_id
}
