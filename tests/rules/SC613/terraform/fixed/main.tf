terraform {
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

variable "environment_suffix" {
  type    = string
  default = "dev"
}

variable "cache_subnet_group_name" {
  type    = string
  default = "jobs-cache-subnets"
}

resource "random_password" "jobs_redis" {
  length           = 32
  special          = true
  override_special = "!&#$^<>-"
}

resource "aws_secretsmanager_secret" "jobs_redis" {
  name = "jobs-redis-auth-${var.environment_suffix}"
}

resource "aws_secretsmanager_secret_version" "jobs_redis" {
  secret_id     = aws_secretsmanager_secret.jobs_redis.id
  secret_string = random_password.jobs_redis.result
}

resource "aws_elasticache_replication_group" "jobs" {
  replication_group_id       = "jobs-${var.environment_suffix}"
  description                = "Background job queue"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = random_password.jobs_redis.result
  subnet_group_name          = var.cache_subnet_group_name
}
