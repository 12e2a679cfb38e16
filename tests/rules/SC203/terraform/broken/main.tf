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

resource "aws_api_gateway_rest_api" "tickets" {
  name = "tickets-${var.environment_suffix}"
}

resource "aws_api_gateway_resource" "tickets" {
  rest_api_id = aws_api_gateway_rest_api.tickets.id
  parent_id   = aws_api_gateway_rest_api.tickets.root_resource_id
  path_part   = "tickets"
}

resource "aws_api_gateway_method" "list" {
  rest_api_id      = aws_api_gateway_rest_api.tickets.id
  resource_id      = aws_api_gateway_resource.tickets.id
  http_method      = "GET"
  authorization    = "AWS_IAM"
}

resource "aws_api_gateway_integration" "list" {
  rest_api_id = aws_api_gateway_rest_api.tickets.id
  resource_id = aws_api_gateway_resource.tickets.id
  http_method = aws_api_gateway_method.list.http_method
  type        = "MOCK"
  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

resource "aws_api_gateway_method" "create" {
  rest_api_id      = aws_api_gateway_rest_api.tickets.id
  resource_id      = aws_api_gateway_resource.tickets.id
  http_method      = "POST"
  authorization    = "AWS_IAM"
}

resource "aws_api_gateway_integration" "create" {
  rest_api_id             = aws_api_gateway_rest_api.tickets.id
  resource_id             = aws_api_gateway_resource.tickets.id
  http_method             = aws_api_gateway_method.create.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "POST"
  uri                     = "https://tickets.internal.example.com/v1/tickets"
}

resource "aws_api_gateway_deployment" "tickets" {
  rest_api_id = aws_api_gateway_rest_api.tickets.id

  depends_on = [aws_api_gateway_integration.list]

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "tickets" {
  rest_api_id   = aws_api_gateway_rest_api.tickets.id
  deployment_id = aws_api_gateway_deployment.tickets.id
  stage_name    = "v1"
}
