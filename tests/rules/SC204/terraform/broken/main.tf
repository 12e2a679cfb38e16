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

resource "aws_api_gateway_rest_api" "feedback" {
  name = "feedback-${var.environment_suffix}"
}

resource "aws_api_gateway_resource" "feedback" {
  rest_api_id = aws_api_gateway_rest_api.feedback.id
  parent_id   = aws_api_gateway_rest_api.feedback.root_resource_id
  path_part   = "feedback"
}

resource "aws_api_gateway_method" "list" {
  rest_api_id      = aws_api_gateway_rest_api.feedback.id
  resource_id      = aws_api_gateway_resource.feedback.id
  http_method      = "GET"
  authorization    = "AWS_IAM"
}

resource "aws_api_gateway_integration" "list" {
  rest_api_id = aws_api_gateway_rest_api.feedback.id
  resource_id = aws_api_gateway_resource.feedback.id
  http_method = aws_api_gateway_method.list.http_method
  type        = "MOCK"
  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

resource "aws_api_gateway_method" "create" {
  rest_api_id      = aws_api_gateway_rest_api.feedback.id
  resource_id      = aws_api_gateway_resource.feedback.id
  http_method      = "POST"
  authorization    = "AWS_IAM"
}

resource "aws_api_gateway_deployment" "feedback" {
  rest_api_id = aws_api_gateway_rest_api.feedback.id

  depends_on = [aws_api_gateway_integration.list, aws_api_gateway_method.create]

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "feedback" {
  rest_api_id   = aws_api_gateway_rest_api.feedback.id
  deployment_id = aws_api_gateway_deployment.feedback.id
  stage_name    = "v1"
}
