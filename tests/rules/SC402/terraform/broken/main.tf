terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
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

variable "db_subnet_group_name" {
  type    = string
  default = "ledger-db-subnets-dev"
}

resource "random_password" "ledger_master" {
  length           = 24
  special          = true
  override_special = "!@#$%^&*"
}

resource "aws_kms_key" "ledger" {
  description         = "Ledger database key (${var.environment_suffix})"
  enable_key_rotation = true
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier              = "ledger-${var.environment_suffix}"
  engine                          = "aurora-mysql"
  engine_version                  = "8.0.mysql_aurora.3.05.2"
  database_name                   = "ledger"
  master_username                 = "ledger_admin"
  master_password                 = random_password.ledger_master.result
  db_subnet_group_name            = var.db_subnet_group_name
  storage_encrypted               = true
  kms_key_id                      = aws_kms_key.ledger.arn
  backup_retention_period         = 7
  enabled_cloudwatch_logs_exports = ["audit", "error", "slowquery"]
  skip_final_snapshot             = true
}

output "ledger_endpoint" {
  value = aws_rds_cluster.ledger.endpoint
}

output "ledger_key_arn" {
  value = aws_kms_key.ledger.arn
}
