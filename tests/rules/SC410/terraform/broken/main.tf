terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_kms_key" "secrets" {
  description         = "Partner API secrets"
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "partner_api" {
  name       = "integrations/partner-api"
  kms_key_id = aws_kms_key.secrets.arn
}

resource "aws_iam_role" "rotator" {
  name = "partner-api-rotator"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "rotator_logs" {
  role       = aws_iam_role.rotator.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_lambda_function" "rotator" {
  function_name = "partner-api-rotator"
  role          = aws_iam_role.rotator.arn
  runtime       = "python3.12"
  handler       = "rotate.handler"
  filename      = "build/rotator.zip"
}

resource "aws_secretsmanager_secret_rotation" "partner_api" {
  secret_id           = aws_secretsmanager_secret.partner_api.id
  rotation_lambda_arn = aws_lambda_function.rotator.arn

  rotation_rules {
    automatically_after_days = 30
  }
}
