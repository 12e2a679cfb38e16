resource "aws_kinesis_stream" "clicks" {
  name             = "clicks"
  retention_period = 48
  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

resource "aws_iam_role" "aggregate" {
  name = "clicks-aggregate"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "aggregate_kinesis" {
  role       = aws_iam_role.aggregate.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole"
}

resource "aws_lambda_function" "aggregate" {
  function_name = "clicks-aggregate"
  role          = aws_iam_role.aggregate.arn
  runtime       = "python3.13"
  handler       = "agg.handler"
  filename      = "build/agg.zip"
}

resource "aws_lambda_event_source_mapping" "clicks" {
  event_source_arn = aws_kinesis_stream.clicks.arn
  function_name    = aws_lambda_function.aggregate.arn
  batch_size       = 500
  starting_position = "LATEST"
}
