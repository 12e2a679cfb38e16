output "bucket_names" {
  value = { for k, b in aws_s3_bucket.zone : k => b.bucket }
}

output "warehouse_endpoint" {
  value = aws_redshift_cluster.warehouse.endpoint
}

output "warehouse_secret_arn" {
  value = aws_redshift_cluster.warehouse.master_password_secret_arn
}

output "pipeline_arn" {
  value = aws_sfn_state_machine.nightly.arn
}

output "lake_key_arn" {
  value = aws_kms_key.lake.arn
}
