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

variable "database_azs" {
  type    = list(string)
  default = ["eu-central-1a", "eu-central-1b"]
}

resource "aws_vpc" "main" {
  cidr_block = "10.40.0.0/16"
}

resource "aws_subnet" "database" {
  count             = length(var.database_azs)
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 20)
  availability_zone = var.database_azs[count.index]
}

resource "aws_db_subnet_group" "billing" {
  name       = "billing-${var.environment_suffix}"
  subnet_ids = aws_subnet.database[*].id
}

resource "aws_db_instance" "billing" {
  identifier             = "billing-${var.environment_suffix}"
  engine                 = "postgres"
  engine_version         = "16.3"
  instance_class         = "db.t4g.micro"
  allocated_storage      = 20
  username               = "billing_admin"
  manage_master_user_password = true
  db_subnet_group_name   = aws_db_subnet_group.billing.name
  skip_final_snapshot    = true
}
