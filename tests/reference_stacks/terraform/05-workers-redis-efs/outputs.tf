output "jobs_queue_url" {
  value = aws_sqs_queue.jobs.url
}

output "redis_primary_endpoint" {
  value = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "efs_id" {
  value = aws_efs_file_system.artifacts.id
}

output "data_key_arn" {
  value = aws_kms_key.data.arn
}

output "ecs_cluster_name" {
  value = aws_ecs_cluster.this.name
}

output "worker_repository_url" {
  value = aws_ecr_repository.worker.repository_url
}
