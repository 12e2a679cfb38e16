terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

resource "aws_sqs_queue" "jobs" {
  name                       = "jobs-dev"
  visibility_timeout_seconds = 60
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id = "cache-dev"
  description          = "session cache"
  node_type            = "cache.t3.micro"
}
