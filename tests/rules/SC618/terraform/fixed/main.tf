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

variable "db" {
  type = object({
    allocated_storage = number
    iops              = number
  })
  default = {
    allocated_storage = 400
    iops              = 6000
  }
}

resource "aws_db_instance" "catalog" {
  identifier                  = "catalog-${var.environment_suffix}"
  engine                      = "postgres"
  engine_version              = "16.4"
  instance_class              = "db.m6g.large"
  storage_type                = "gp3"
  allocated_storage           = var.db.allocated_storage
  iops                        = var.db.iops
  username                    = "catalog_admin"
  manage_master_user_password = true
  storage_encrypted           = true
  backup_retention_period     = 7
  skip_final_snapshot         = true
}
