terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.aws_region
}

variable "aws_region" {
  type    = string
  default = "eu-west-1"
}

variable "environment_suffix" {
  type    = string
  default = "dev"
}

resource "aws_api_gateway_rest_api" "webhooks" {
  name = "webhooks-${var.environment_suffix}"
}

resource "aws_api_gateway_resource" "webhooks" {
  rest_api_id = aws_api_gateway_rest_api.webhooks.id
  parent_id   = aws_api_gateway_rest_api.webhooks.root_resource_id
  path_part   = "webhooks"
}

resource "aws_api_gateway_method" "webhooks" {
  rest_api_id   = aws_api_gateway_rest_api.webhooks.id
  resource_id   = aws_api_gateway_resource.webhooks.id
  http_method   = "POST"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "webhooks" {
  rest_api_id             = aws_api_gateway_rest_api.webhooks.id
  resource_id             = aws_api_gateway_resource.webhooks.id
  http_method             = aws_api_gateway_method.webhooks.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "POST"
  uri                     = "https://webhooks.internal.example.com/v1/webhooks"
}

resource "aws_api_gateway_deployment" "webhooks" {
  rest_api_id = aws_api_gateway_rest_api.webhooks.id

  triggers = {
    redeployment = sha1(jsonencode([aws_api_gateway_method.webhooks, aws_api_gateway_integration.webhooks]))
  }

  depends_on = [aws_api_gateway_integration.webhooks]

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "webhooks_access" {
  name              = "/apigateway/webhooks-${var.environment_suffix}"
  retention_in_days = 30
}

resource "aws_api_gateway_stage" "webhooks" {
  rest_api_id   = aws_api_gateway_rest_api.webhooks.id
  deployment_id = aws_api_gateway_deployment.webhooks.id
  stage_name    = "live"

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.webhooks_access.arn
    format          = jsonencode({ requestId = "$context.requestId", status = "$context.status", ip = "$context.identity.sourceIp" })
  }
}
