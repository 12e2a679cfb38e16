output "alb_dns_name" {
  value = aws_lb.public.dns_name
}

output "aurora_endpoint" {
  value = aws_rds_cluster.aurora.endpoint
}

output "aurora_secret_arn" {
  value = aws_rds_cluster.aurora.master_user_secret[0].secret_arn
}

output "ecs_cluster_name" {
  value = aws_ecs_cluster.this.name
}
