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

resource "aws_ecs_cluster" "main" {
  name = "thumbnailer-cluster-${var.environment_suffix}"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "thumbnailer-execution-${var.environment_suffix}"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_cloudwatch_log_group" "thumbnailer" {
  name              = "/ecs/thumbnailer-${var.environment_suffix}"
  retention_in_days = 30
}

resource "aws_security_group" "tasks" {
  name        = "thumbnailer-tasks-${var.environment_suffix}"
  description = "thumbnailer tasks"
  vpc_id      = var.vpc_id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_ecr_repository" "thumbnailer" {
  name                 = "thumbnailer-${var.environment_suffix}"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecs_task_definition" "thumbnailer" {
  family                   = "thumbnailer-${var.environment_suffix}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.execution.arn

  container_definitions = jsonencode([{
    name         = "thumbnailer"
    image        = "${aws_ecr_repository.thumbnailer.repository_url}:1.0.0"
    essential    = true
    portMappings = [{ containerPort = 8080, protocol = "tcp" }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.thumbnailer.name
        awslogs-region        = var.aws_region
        awslogs-stream-prefix = "thumbnailer"
      }
    }
  }])
}

resource "aws_ecs_service" "thumbnailer" {
  name            = "thumbnailer"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.thumbnailer.arn
  desired_count   = 0
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  # The image pipeline pushes the first image and scales the service up.
  lifecycle {
    ignore_changes = [desired_count]
  }
}
