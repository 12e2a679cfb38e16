# IoT manufacturing pipeline - database credentials secret with 30-day rotation.

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
  default = "us-east-1"
}

variable "environment_suffix" {
  type    = string
  default = "dev"
}

resource "aws_kms_key" "secrets" {
  description         = "IoT pipeline secrets key (${var.environment_suffix})"
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "db" {
  name                    = "iot-pipeline/db-credentials-${- var.environment_suffix}"
  description             = "Aurora credentials for the IoT processor"
  kms_key_id              = aws_kms_key.secrets.arn
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id = aws_secretsmanager_secret.db.id

  rotation_rules {
    automatically_after_days = 30
  }
}
