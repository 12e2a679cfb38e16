output "vpc_id" {
  description = "ID of the platform VPC."
  value       = module.network.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets used by the data stores and the ECS service."
  value       = module.network.private_subnet_ids
}

output "kms_key_arn" {
  description = "ARN of the platform KMS key."
  value       = aws_kms_key.data.arn
}

output "raw_bucket_name" {
  description = "Name of the raw landing bucket."
  value       = aws_s3_bucket.raw.bucket
}

output "ingest_stream_arn" {
  description = "ARN of the ingest Kinesis stream."
  value       = aws_kinesis_stream.ingest.arn
}

output "db_secret_arn" {
  description = "ARN of the database credentials secret."
  value       = aws_secretsmanager_secret.db.arn
}

output "aurora_endpoint" {
  description = "Writer endpoint of the Aurora cluster."
  value       = aws_rds_cluster.platform.endpoint
}

output "aurora_reader_endpoint" {
  description = "Reader endpoint of the Aurora cluster."
  value       = aws_rds_cluster.platform.reader_endpoint
}

output "redis_primary_endpoint" {
  description = "Primary endpoint of the Redis replication group."
  value       = aws_elasticache_replication_group.cache.primary_endpoint_address
}

output "ecr_repository_url" {
  description = "URL of the ingest image repository."
  value       = aws_ecr_repository.ingest.repository_url
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.platform.name
}

output "ecs_service_name" {
  description = "Name of the processor ECS service."
  value       = aws_ecs_service.processor.name
}

output "alb_dns_name" {
  description = "DNS name of the internal application load balancer."
  value       = aws_lb.internal.dns_name
}
