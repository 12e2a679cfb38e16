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

variable "vpc_id" {
  type    = string
  default = "vpc-0f1e2d3c4b5a69870"
}

variable "cache_subnet_group_name" {
  type    = string
  default = "rate-limit-cache-subnets-dev"
}

resource "aws_security_group" "app" {
  name        = "rate-limiter-app-${var.environment_suffix}"
  description = "Rate limiter application tasks"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "cache" {
  name        = "rate-limiter-cache-${var.environment_suffix}"
  description = "Rate limiter Redis"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "cache_redis" {
  security_group_id = aws_security_group.cache.id
  description       = "Redis"
  ip_protocol       = "tcp"
  from_port         = 6379
  to_port           = 6379
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_elasticache_replication_group" "rate_limits" {
  replication_group_id       = "rate-limits-${var.environment_suffix}"
  description                = "API rate limit counters"
  engine                     = "redis"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  subnet_group_name          = var.cache_subnet_group_name
  security_group_ids         = [aws_security_group.cache.id]
}
