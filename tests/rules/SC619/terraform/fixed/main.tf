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

variable "db_subnet_group_name" {
  type    = string
  default = "crm-db-subnets"
}

resource "aws_rds_cluster" "crm" {
  cluster_identifier          = "crm-${var.environment_suffix}"
  engine                      = "aurora-mysql"
  engine_version              = "8.0.mysql_aurora.3.08.0"
  database_name               = "crm"
  master_username             = "crm_admin"
  manage_master_user_password = true
  db_subnet_group_name        = var.db_subnet_group_name
  storage_encrypted           = true
  backup_retention_period     = 7
  deletion_protection         = false
  final_snapshot_identifier   = "crm-${var.environment_suffix}-final"
}

resource "aws_rds_cluster_instance" "crm" {
  count              = 2
  identifier         = "crm-${var.environment_suffix}-${count.index}"
  cluster_identifier = aws_rds_cluster.crm.id
  instance_class     = "db.r6g.large"
  engine             = aws_rds_cluster.crm.engine
}
