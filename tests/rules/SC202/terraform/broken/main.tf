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

variable "private_subnet_ids" {
  type    = list(string)
  default = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
}

resource "aws_lb" "ledger" {
  name     = "ledger-${var.environment_suffix}"
  internal = true
  subnets  = var.private_subnet_ids
}

resource "aws_api_gateway_vpc_link" "ledger" {
  name        = "ledger-${var.environment_suffix}"
  target_arns = [aws_lb.ledger.arn]
}

output "ledger_lb_dns" {
  value = aws_lb.ledger.dns_name
}
