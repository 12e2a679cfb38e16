output "distribution_domain" {
  value = aws_cloudfront_distribution.site.domain_name
}

output "distribution_id" {
  value = aws_cloudfront_distribution.site.id
}

output "site_bucket" {
  value = aws_s3_bucket.site.bucket
}

output "api_endpoint" {
  value = aws_apigatewayv2_api.portal.api_endpoint
}

output "secrets_key_arn" {
  value = aws_kms_key.secrets.arn
}
