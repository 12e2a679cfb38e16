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

resource "aws_api_gateway_rest_api" "shipments" {
  name = "shipments-${var.environment_suffix}"
}

resource "aws_api_gateway_resource" "shipments" {
  rest_api_id = aws_api_gateway_rest_api.shipments.id
  parent_id   = aws_api_gateway_rest_api.shipments.root_resource_id
  path_part   = "shipments"
}

resource "aws_api_gateway_method" "shipments" {
  rest_api_id   = aws_api_gateway_rest_api.shipments.id
  resource_id   = aws_api_gateway_resource.shipments.id
  http_method   = "GET"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_integration" "shipments" {
  rest_api_id             = aws_api_gateway_rest_api.shipments.id
  resource_id             = aws_api_gateway_resource.shipments.id
  http_method             = aws_api_gateway_method.shipments.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "https://shipments.internal.example.com/v1/shipments"
}

resource "aws_api_gateway_deployment" "shipments" {
  rest_api_id = aws_api_gateway_rest_api.shipments.id

  triggers = {
    redeployment = sha1(jsonencode([aws_api_gateway_method.shipments, aws_api_gateway_integration.shipments]))
  }

  depends_on = [aws_api_gateway_integration.shipments]

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "shipments_access" {
  name              = "/apigateway/shipments-${var.environment_suffix}"
  retention_in_days = 30
}

resource "aws_api_gateway_stage" "shipments" {
  rest_api_id   = aws_api_gateway_rest_api.shipments.id
  deployment_id = aws_api_gateway_deployment.shipments.id
  stage_name    = "live"

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.shipments_access.arn
    format          = jsonencode({ requestId = "$context.requestId", status = "$context.status", ip = "$context.identity.sourceIp" })
  }
}
