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

variable "rotation_lambda_arn" {
  description = "ARN of the partner API key rotation function (deployed by the platform stack)"
  type        = string
  default     = "arn:aws:lambda:eu-west-1:123456789012:function:partner-api-key-rotator"
}

resource "aws_kms_key" "secrets" {
  description         = "Partner integration secrets (${var.environment_suffix})"
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "partner_api_key" {
  name       = "integrations/partner-api-key-${var.environment_suffix}"
  kms_key_id = aws_kms_key.secrets.arn
}

resource "aws_secretsmanager_secret_rotation" "partner_api_key" {
  secret_id           = aws_secretsmanager_secret.partner_api_key.id
  rotation_lambda_arn = var.rotation_lambda_arn

  rotation_rules {
    automatically_after_days = 14
  }
}

output "partner_api_key_secret_arn" {
  value = aws_secretsmanager_secret.partner_api_key.arn
}

output "secrets_key_arn" {
  value = aws_kms_key.secrets.arn
}
