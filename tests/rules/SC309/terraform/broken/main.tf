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
  name = "checkout-cluster-${var.environment_suffix}"

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
  name               = "checkout-execution-${var.environment_suffix}"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_cloudwatch_log_group" "checkout" {
  name              = "/ecs/checkout-${var.environment_suffix}"
  retention_in_days = 30
}

resource "aws_security_group" "tasks" {
  name        = "checkout-tasks-${var.environment_suffix}"
  description = "checkout tasks"
  vpc_id      = var.vpc_id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

variable "public_subnet_ids" {
  type    = list(string)
  default = ["subnet-0a1b2c3d4e5f60101", "subnet-0a1b2c3d4e5f60102"]
}

variable "alb_security_group_id" {
  type    = string
  default = "sg-0a1b2c3d4e5f60041"
}

resource "aws_lb" "checkout" {
  name               = "checkout-${var.environment_suffix}"
  load_balancer_type = "application"
  subnets            = var.public_subnet_ids
  security_groups    = [var.alb_security_group_id]
}

resource "aws_lb_target_group" "checkout" {
  name        = "checkout-${var.environment_suffix}"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = var.vpc_id

  health_check {
    path = "/health"
  }
}

resource "aws_lb_listener" "checkout" {
  load_balancer_arn = aws_lb.checkout.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.checkout.arn
  }
}

output "checkout_url" {
  value = "http://${aws_lb.checkout.dns_name}"
}

resource "aws_ecs_task_definition" "checkout" {
  family                   = "checkout-${var.environment_suffix}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.execution.arn

  container_definitions = jsonencode([{
    name         = "checkout"
    image        = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout:7.1.4"
    essential    = true
    portMappings = [{ containerPort = 8080, protocol = "tcp" }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.checkout.name
        awslogs-region        = var.aws_region
        awslogs-stream-prefix = "checkout"
      }
    }
  }])
}

resource "aws_ecs_service" "checkout" {
  name            = "checkout"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.checkout.arn
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.checkout.arn
    container_name   = "checkout"
    container_port   = 8080
  }

  depends_on = [aws_lb_listener.checkout]
}
