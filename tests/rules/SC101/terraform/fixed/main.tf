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

variable "private_subnet_id" {
  type    = string
  default = "subnet-0a1b2c3d4e5f60011"
}

variable "efs_security_group_id" {
  type    = string
  default = "sg-0a1b2c3d4e5f60022"
}

resource "aws_kms_key" "media" {
  description             = "Media share encryption (${var.environment_suffix})"
  enable_key_rotation     = true
  deletion_window_in_days = 10
}

resource "aws_efs_file_system" "media" {
  creation_token   = "media-share-${var.environment_suffix}"
  encrypted        = true
  kms_key_id       = aws_kms_key.media.arn
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"

  tags = {
    Name = "media-share-${var.environment_suffix}"
  }
}

resource "aws_efs_mount_target" "media" {
  file_system_id  = aws_efs_file_system.media.id
  subnet_id       = var.private_subnet_id
  security_groups = [var.efs_security_group_id]
}

output "media_file_system_id" {
  value = aws_efs_file_system.media.id
}
