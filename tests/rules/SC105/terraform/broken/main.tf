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

variable "cache_subnet_group_name" {
  type    = string
  default = "quotes-cache-subnets-dev"
}

resource "aws_elasticache_replication_group" "quotes" {
  replication_group_id       = "quotes-${var.environment_suffix}"
  description                = "Insurance quote cache"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = false
  subnet_group_name          = var.cache_subnet_group_name
}

output "quotes_cache_endpoint" {
  value = aws_elasticache_replication_group.quotes.primary_endpoint_address
}
