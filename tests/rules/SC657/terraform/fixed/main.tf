terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "environment_suffix" {
  type    = string
  default = "dev"
}

variable "media_throughput_mode" {
  type    = string
  default = "provisioned"
}

resource "aws_efs_file_system" "media" {
  creation_token  = "media-render-${var.environment_suffix}"
  encrypted       = true
  throughput_mode = var.media_throughput_mode

  provisioned_throughput_in_mibps = 256

  lifecycle_policy {
    transition_to_ia = "AFTER_30_DAYS"
  }

  tags = {
    Name = "media-render-${var.environment_suffix}"
  }
}
