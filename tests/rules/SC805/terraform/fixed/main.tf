resource "aws_ecr_repository" "api" {
  name                 = "orders-api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_iam_role" "api" {
  name = "orders-api"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "api" {
  function_name = "orders-api"
  role          = aws_iam_role.api.arn
  package_type  = "Image"
  image_uri     = "${aws_ecr_repository.api.repository_url}:1.4.2"
  memory_size   = 1024
  timeout       = 29
  architectures = ["arm64"]
}
