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

resource "aws_kms_key" "jwt_signing" {
  description              = "JWT signing key"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
  deletion_window_in_days  = 7
  enable_key_rotation      = true
}

resource "aws_kms_alias" "jwt_signing" {
  name          = "alias/jwt-signing"
  target_key_id = aws_kms_key.jwt_signing.key_id
}
