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
  default = "orders-db-subnets"
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier          = "orders-${var.environment_suffix}"
  engine                      = "aurora-postgresql"
  engine_mode                 = "provisioned"
  engine_version              = "16.4"
  database_name               = "orders"
  master_username             = "orders_admin"
  manage_master_user_password = true
  db_subnet_group_name        = var.db_subnet_group_name
  storage_encrypted           = true
  skip_final_snapshot         = true

  serverlessv2_scaling_configuration {
    min_capacity = 0.5
    max_capacity = 8
  }
}

resource "aws_rds_cluster_instance" "writer" {
  identifier         = "orders-writer-${var.environment_suffix}"
  cluster_identifier = aws_rds_cluster.orders.id
  instance_class     = "db.serverless"
  engine             = aws_rds_cluster.orders.engine
  engine_version     = aws_rds_cluster.orders.engine_version
}
