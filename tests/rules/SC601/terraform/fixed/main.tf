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
  default = "feature-flags-cache-subnets-dev"
}

resource "aws_elasticache_replication_group" "feature_flags" {
  replication_group_id       = "feature-flags-${var.environment_suffix}"
  description                = "Feature flag cache"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  snapshot_retention_limit   = 3
  subnet_group_name          = var.cache_subnet_group_name
}

output "feature_flags_endpoint" {
  value = aws_elasticache_replication_group.feature_flags.primary_endpoint_address
}
