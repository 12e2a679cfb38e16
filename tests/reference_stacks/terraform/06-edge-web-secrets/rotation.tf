# --- partner key rotation ----------------------------------------------------------------

resource "aws_iam_role" "rotator" {
  name               = "${local.name}-partner-key-rotator"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "rotator" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.rotator.arn}:*"]
  }
  statement {
    sid = "RotateSecret"
    actions = [
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
      "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecretVersionStage",
    ]
    resources = [aws_secretsmanager_secret.partner_api.arn]
  }
  statement {
    sid       = "RandomPassword"
    actions   = ["secretsmanager:GetRandomPassword"]
    resources = ["*"]
  }
  statement {
    sid       = "Key"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.secrets.arn]
  }
}

resource "aws_iam_role_policy" "rotator" {
  name   = "rotate-partner-key"
  role   = aws_iam_role.rotator.id
  policy = data.aws_iam_policy_document.rotator.json
}

resource "aws_cloudwatch_log_group" "rotator" {
  name              = "/aws/lambda/${local.name}-partner-key-rotator"
  retention_in_days = 90
}

resource "aws_lambda_function" "rotator" {
  function_name = "${local.name}-partner-key-rotator"
  role          = aws_iam_role.rotator.arn
  runtime       = "python3.13"
  handler       = "rotator.handler"
  s3_bucket     = var.artifact_bucket
  s3_key        = "rotator/partner-key-rotator-1.1.0.zip"
  timeout       = 60

  environment {
    variables = {
      SECRETS_MANAGER_ENDPOINT = "https://secretsmanager.${var.region}.amazonaws.com"
    }
  }

  depends_on = [aws_cloudwatch_log_group.rotator, aws_iam_role_policy.rotator]
}

resource "aws_lambda_permission" "rotator" {
  statement_id  = "AllowSecretsManager"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.rotator.function_name
  principal     = "secretsmanager.amazonaws.com"
  source_arn    = aws_secretsmanager_secret.partner_api.arn
}

# The partner issues the first key, which the operator stores once; rotating at creation would
# run the function against a secret that has no AWSCURRENT version yet and fail.
resource "aws_secretsmanager_secret_rotation" "partner_api" {
  secret_id           = aws_secretsmanager_secret.partner_api.id
  rotation_lambda_arn = aws_lambda_function.rotator.arn
  rotate_immediately  = false

  rotation_rules {
    automatically_after_days = 30
  }

  depends_on = [aws_lambda_permission.rotator]
}

resource "aws_cloudwatch_metric_alarm" "rotator_errors" {
  alarm_name          = "${local.name}-partner-key-rotation-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  dimensions          = { FunctionName = aws_lambda_function.rotator.function_name }
}

resource "aws_cloudwatch_metric_alarm" "api_errors" {
  alarm_name          = "${local.name}-api-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  dimensions          = { FunctionName = aws_lambda_function.api.function_name }
}
