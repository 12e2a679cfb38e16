output "api_url" {
  value = aws_api_gateway_stage.v1.invoke_url
}

output "user_pool_id" {
  value = aws_cognito_user_pool.users.id
}

output "user_pool_client_id" {
  value = aws_cognito_user_pool_client.web.id
}

output "items_table" {
  value = aws_dynamodb_table.items.name
}

output "logs_key_arn" {
  value = aws_kms_key.logs.arn
}
