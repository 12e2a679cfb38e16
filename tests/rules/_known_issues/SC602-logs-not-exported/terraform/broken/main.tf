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

variable "db_subnet_group_name" {
  type    = string
  default = "analytics-db-subnets-dev"
}

resource "aws_kms_key" "warehouse" {
  description         = "Warehouse database key (${var.environment_suffix})"
  enable_key_rotation = true
}

resource "aws_rds_cluster" "warehouse" {
  cluster_identifier          = "warehouse-${var.environment_suffix}"
  engine                      = "aurora-postgresql"
  engine_version              = "16.4"
  database_name               = "warehouse"
  master_username             = "warehouse_admin"
  manage_master_user_password = true
  db_subnet_group_name        = var.db_subnet_group_name
  storage_encrypted           = true
  kms_key_id                  = aws_kms_key.warehouse.arn
  backup_retention_period         = 14
  preferred_backup_window         = "02:00-03:00"
  # no enabled_cloudwatch_logs_exports: the database logs never reach CloudWatch
  skip_final_snapshot         = true
}

resource "aws_rds_cluster_instance" "warehouse" {
  count              = 2
  identifier         = "warehouse-${var.environment_suffix}-${count.index}"
  cluster_identifier = aws_rds_cluster.warehouse.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.warehouse.engine
  engine_version     = aws_rds_cluster.warehouse.engine_version
}
