resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/orders"
  retention_in_days = 30
}

resource "aws_iam_role" "shipper" {
  name = "log-shipper"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "shipper" {
  function_name = "log-shipper"
  role          = aws_iam_role.shipper.arn
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "build/shipper.zip"
}

resource "aws_lambda_permission" "logs" {
  statement_id  = "AllowCloudWatchLogs"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.shipper.function_name
  principal     = "logs.amazonaws.com"
  source_arn    = "${aws_cloudwatch_log_group.app.arn}:*"
}

resource "aws_cloudwatch_log_subscription_filter" "ship" {
  name            = "ship-to-search"
  log_group_name  = aws_cloudwatch_log_group.app.name
  filter_pattern  = ""
  destination_arn = aws_lambda_function.shipper.arn
  depends_on      = [aws_lambda_permission.logs]
}
