variable "env" {
  type    = string
  default = "dev"
}

resource "aws_iam_role" "ingest" {
  name = "ingest-${var.env}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "ingest_logs" {
  role       = aws_iam_role.ingest.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "ingest" {
  function_name = "ingest-${var.env}"
  role          = aws_iam_role.ingest.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "build/ingest.zip"
  timeout       = 30
  memory_size   = 256
}

resource "aws_cloudwatch_log_group" "ingest" {
  name              = "/aws/lambda/${aws_lambda_function.ingest.function_name}"
  retention_in_days = 14
}
