output "ingest_api_endpoint" {
  value = aws_apigatewayv2_stage.default.invoke_url
}

output "landing_bucket" {
  value = aws_s3_bucket.landing.bucket
}

output "readings_table" {
  value = aws_dynamodb_table.readings.name
}

output "events_stream_arn" {
  value = aws_kinesis_stream.events.arn
}

output "data_key_arn" {
  value = aws_kms_key.data.arn
}
