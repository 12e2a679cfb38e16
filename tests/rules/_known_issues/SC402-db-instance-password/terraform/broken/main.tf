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
  default = "support-db-subnets-dev"
}

# Default special characters of random_password include @, which RDS refuses in a master password.
resource "random_password" "support_db" {
  length  = 24
  special = true
}

resource "aws_db_instance" "support" {
  identifier           = "support-${var.environment_suffix}"
  engine               = "postgres"
  engine_version       = "16.8"
  instance_class       = "db.t4g.medium"
  allocated_storage    = 50
  storage_encrypted    = true
  db_name              = "support"
  username             = "support_admin"
  password             = random_password.support_db.result
  db_subnet_group_name = var.db_subnet_group_name
  skip_final_snapshot  = true
}
