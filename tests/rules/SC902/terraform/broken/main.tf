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

resource "aws_kms_key" "telemetry" {
  description         = "Vehicle telemetry stream key (${var.environment_suffix})"
  enable_key_rotation = true
}

resource "aws_kinesis_stream" "telemetry" {
  name             = "vehicle-telemetry-${var.environment_suffix}"
  retention_period = 48
  encryption_type  = "KMS"
  kms_key_id       = aws_kms_key.telemetry.id

  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

output "telemetry_key_arn" {
  value = aws_kms_key.telemetry.arn
}

output "telemetry_stream_name" {
  value = aws_kinesis_stream.telemetry.name
}
