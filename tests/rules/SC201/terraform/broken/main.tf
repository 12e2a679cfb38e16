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

variable "vpc_id" {
  type    = string
  default = "vpc-0f1e2d3c4b5a69870"
}

variable "private_subnet_ids" {
  type    = list(string)
  default = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
}

variable "link_security_group_id" {
  type    = string
  default = "sg-0a1b2c3d4e5f60031"
}

resource "aws_lb" "inventory" {
  name               = "inventory-${var.environment_suffix}"
  internal           = true
  load_balancer_type = "network"
  subnets            = var.private_subnet_ids
}

resource "aws_lb_target_group" "inventory" {
  name        = "inventory-${var.environment_suffix}"
  port        = 8080
  protocol    = "TCP"
  target_type = "ip"
  vpc_id      = var.vpc_id
}

resource "aws_lb_listener" "inventory" {
  load_balancer_arn = aws_lb.inventory.arn
  port              = 80
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.inventory.arn
  }
}

resource "aws_apigatewayv2_api" "inventory" {
  name          = "inventory-${var.environment_suffix}"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_vpc_link" "inventory" {
  name               = "inventory-${var.environment_suffix}"
  subnet_ids         = var.private_subnet_ids
  security_group_ids = [var.link_security_group_id]
}

resource "aws_apigatewayv2_integration" "inventory" {
  api_id             = aws_apigatewayv2_api.inventory.id
  integration_type   = "HTTP_PROXY"
  integration_method = "ANY"
  connection_type    = "VPC_LINK"
  connection_id      = aws_apigatewayv2_vpc_link.inventory.id
  integration_uri    = aws_lb.inventory.arn
}

resource "aws_apigatewayv2_route" "inventory" {
  api_id    = aws_apigatewayv2_api.inventory.id
  route_key = "ANY /inventory/{proxy+}"
  target    = "integrations/${aws_apigatewayv2_integration.inventory.id}"
}
