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

variable "backup_retention_days" {
  type    = number
  default = 1
}

variable "db_subnet_group_name" {
  type    = string
  default = "reporting-db-subnets"
}

resource "aws_db_instance" "primary" {
  identifier                  = "reporting-${var.environment_suffix}"
  engine                      = "mysql"
  engine_version              = "8.0.40"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  storage_type                = "gp3"
  username                    = "reporting_admin"
  manage_master_user_password = true
  db_subnet_group_name        = var.db_subnet_group_name
  backup_retention_period     = var.backup_retention_days
  storage_encrypted           = true
  skip_final_snapshot         = true
}

resource "aws_db_instance" "read_replica" {
  identifier          = "reporting-replica-${var.environment_suffix}"
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = "db.t4g.medium"
  storage_encrypted   = true
  skip_final_snapshot = true
}
