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

variable "environment_suffix" {
  type    = string
  default = "dev"
}

resource "aws_secretsmanager_secret" "db" {
  name = "billing/db-${var.environment_suffix}"
}

data "aws_iam_policy_document" "ecs_tasks" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "billing-exec-${var.environment_suffix}"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_cloudwatch_log_group" "billing" {
  name              = "/ecs/billing-${var.environment_suffix}"
  retention_in_days = 30
}

resource "aws_ecs_task_definition" "billing" {
  family                   = "billing-${var.environment_suffix}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name      = "billing"
    image     = "public.ecr.aws/docker/library/python:3.12-slim"
    essential = true
    secrets = [{
      name      = "DB_PASSWORD"
      valueFrom = "${aws_secretsmanager_secret.db.arn}:password::"
    }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.billing.name
        awslogs-region        = "eu-west-1"
        awslogs-stream-prefix = "billing"
      }
    }
  }])
}
