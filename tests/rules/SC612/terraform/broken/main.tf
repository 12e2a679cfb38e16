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

variable "session_cache_nodes" {
  type    = number
  default = 1
}

variable "cache_subnet_group_name" {
  type    = string
  default = "sessions-cache-subnets"
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions-${var.environment_suffix}"
  description                = "Web session store"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.t4g.micro"
  num_cache_clusters         = var.session_cache_nodes
  automatic_failover_enabled = true
  multi_az_enabled           = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  subnet_group_name          = var.cache_subnet_group_name
}
