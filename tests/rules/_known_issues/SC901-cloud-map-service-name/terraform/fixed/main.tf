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

variable "vpc_id" {
  type    = string
  default = "vpc-0f1e2d3c4b5a69870"
}

resource "aws_service_discovery_private_dns_namespace" "internal" {
  name = "geo-${var.environment_suffix}.internal"
  vpc  = var.vpc_id
}

# The name only has to be unique inside the namespace, which already carries the suffix.
resource "aws_service_discovery_service" "tiles" {
  name = "tiles"

  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.internal.id

    dns_records {
      ttl  = 10
      type = "A"
    }
  }
}
