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
  default = "sessions-cache-subnets-dev"
}

resource "aws_kms_key" "sessions" {
  description         = "Session cache encryption (${var.environment_suffix})"
  enable_key_rotation = true
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions-${var.environment_suffix}"
  description                = "User session store"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  port                       = 6379
  subnet_group_name          = var.cache_subnet_group_name
  automatic_failover_enabled = true
  multi_az_enabled           = true
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.sessions.arn
}
