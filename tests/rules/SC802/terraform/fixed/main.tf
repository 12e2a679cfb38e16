resource "aws_sqs_queue" "orders" {
  name                       = "orders"
  visibility_timeout_seconds = 900
}

resource "aws_iam_role" "loader" {
  name = "orders-loader"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "loader" {
  function_name = "orders-loader"
  role          = aws_iam_role.loader.arn
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "build/loader.zip"
  timeout       = 60
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn = aws_sqs_queue.orders.arn
  function_name    = aws_lambda_function.loader.arn
  batch_size       = 100
  maximum_batching_window_in_seconds = 5
}
