resource "aws_iam_role" "worker" {
  name = "report-worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "worker" {
  function_name = "report-worker"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.13"
  handler       = "worker.handler"
  filename      = "build/worker.zip"
}

resource "aws_cloudwatch_log_metric_filter" "errors" {
  name           = "report-worker-errors"
  log_group_name = "/aws/lambda/${aws_lambda_function.worker.function_name}"
  pattern        = "ERROR"

  metric_transformation {
    name      = "ReportWorkerErrors"
    namespace = "Reports"
    value     = "1"
  }
}
