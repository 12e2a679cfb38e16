"""Terraform inputs for the benchmark: a data platform repeated per tenant, and a repository of modules.

Every stack is valid (`terraform validate` passes) and wired by references the way a user writes it:
a shared network, KMS key, ECS cluster and internal ALB, then per tenant a landing bucket, an SQS
queue with its dead-letter queue, an ingest Lambda in the VPC fed by the queue, a Fargate worker
behind the ALB and a PostgreSQL instance reachable only from the worker.
"""

from __future__ import annotations

import os
import re

HEADER = """terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}
"""

PROVIDER = """
provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project     = "data-platform"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type    = string
  default = "dev"
}

variable "vpc_cidr" {
  type    = string
  default = "10.40.0.0/16"
}

data "aws_caller_identity" "current" {}

locals {
  prefix     = "dp-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
}
"""

# The ten resources every size has: VPC, two private subnets, the key, the cluster and the ALB.
CORE = """
resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "${local.prefix}-vpc"
  }
}

resource "aws_subnet" "private_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, 0)
  availability_zone = "${var.region}a"

  tags = {
    Name = "${local.prefix}-private-a"
  }
}

resource "aws_subnet" "private_b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, 1)
  availability_zone = "${var.region}b"

  tags = {
    Name = "${local.prefix}-private-b"
  }
}

resource "aws_kms_key" "platform" {
  description             = "Data platform key (${var.environment})"
  enable_key_rotation     = true
  deletion_window_in_days = 7
}

resource "aws_kms_alias" "platform" {
  name          = "alias/${local.prefix}"
  target_key_id = aws_kms_key.platform.key_id
}

resource "aws_ecs_cluster" "platform" {
  name = "${local.prefix}-cluster"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_security_group" "alb" {
  name        = "${local.prefix}-alb"
  description = "Internal load balancer"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTP from the VPC"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }

  egress {
    description = "To the workers"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.vpc_cidr]
  }
}

resource "aws_lb" "internal" {
  name               = "${local.prefix}-internal"
  internal           = true
  load_balancer_type = "application"
  security_groups    = [aws_security_group.alb.id]
  subnets            = [aws_subnet.private_a.id, aws_subnet.private_b.id]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.internal.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "not found"
      status_code  = "404"
    }
  }
}

resource "aws_s3_bucket" "artifacts" {
  bucket = "${local.prefix}-artifacts-${local.account_id}"
}
"""
CORE_COUNT = 10

# Public subnets, internet and NAT gateways, routes, the database subnet group: sizes of 100 and up.
NETWORK = """
resource "aws_subnet" "public_a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, 200)
  availability_zone = "${var.region}a"
}

resource "aws_subnet" "public_b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, 201)
  availability_zone = "${var.region}b"
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public_a.id

  depends_on = [aws_internet_gateway.main]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main.id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route" "private_nat" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.main.id
}

resource "aws_route_table_association" "public" {
  for_each = {
    a = aws_subnet.public_a.id
    b = aws_subnet.public_b.id
  }

  subnet_id      = each.value
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "private_a" {
  subnet_id      = aws_subnet.private_a.id
  route_table_id = aws_route_table.private.id
}

resource "aws_route_table_association" "private_b" {
  subnet_id      = aws_subnet.private_b.id
  route_table_id = aws_route_table.private.id
}

resource "aws_db_subnet_group" "platform" {
  name       = "${local.prefix}-db"
  subnet_ids = [aws_subnet.private_a.id, aws_subnet.private_b.id]
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"""
NETWORK_COUNT = 15  # the for_each association counts twice


def tenant(i: int) -> str:
    """One tenant's pipeline: 25 resources."""
    t = f"t{i:04d}"
    return f"""
# ---- tenant {t} ----------------------------------------------------------------

resource "aws_s3_bucket" "raw_{t}" {{
  bucket = "${{local.prefix}}-{t}-raw-${{local.account_id}}"
}}

resource "aws_s3_bucket_versioning" "raw_{t}" {{
  bucket = aws_s3_bucket.raw_{t}.id

  versioning_configuration {{
    status = "Enabled"
  }}
}}

resource "aws_s3_bucket_server_side_encryption_configuration" "raw_{t}" {{
  bucket = aws_s3_bucket.raw_{t}.id

  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.platform.arn
    }}
    bucket_key_enabled = true
  }}
}}

resource "aws_s3_bucket_public_access_block" "raw_{t}" {{
  bucket = aws_s3_bucket.raw_{t}.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}}

resource "aws_s3_bucket_lifecycle_configuration" "raw_{t}" {{
  bucket = aws_s3_bucket.raw_{t}.id

  rule {{
    id     = "expire-raw"
    status = "Enabled"

    filter {{
      prefix = "incoming/"
    }}

    expiration {{
      days = 90
    }}

    noncurrent_version_expiration {{
      noncurrent_days = 30
    }}
  }}
}}

resource "aws_sqs_queue" "dlq_{t}" {{
  name                      = "${{local.prefix}}-{t}-dlq"
  message_retention_seconds = 1209600
  kms_master_key_id         = aws_kms_key.platform.arn
}}

resource "aws_sqs_queue" "jobs_{t}" {{
  name                       = "${{local.prefix}}-{t}-jobs"
  visibility_timeout_seconds = 360
  kms_master_key_id          = aws_kms_key.platform.arn

  redrive_policy = jsonencode({{
    deadLetterTargetArn = aws_sqs_queue.dlq_{t}.arn
    maxReceiveCount     = 5
  }})
}}

resource "aws_cloudwatch_log_group" "ingest_{t}" {{
  name              = "/aws/lambda/${{local.prefix}}-{t}-ingest"
  retention_in_days = 30
}}

resource "aws_iam_role" "ingest_{t}" {{
  name = "${{local.prefix}}-{t}-ingest"

  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Service = "lambda.amazonaws.com" }}
      Action    = "sts:AssumeRole"
    }}]
  }})
}}

resource "aws_iam_role_policy_attachment" "ingest_vpc_{t}" {{
  role       = aws_iam_role.ingest_{t}.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}}

resource "aws_iam_role_policy" "ingest_{t}" {{
  name = "ingest"
  role = aws_iam_role.ingest_{t}.id

  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
        Resource = aws_sqs_queue.jobs_{t}.arn
      }},
      {{
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:GetObject"]
        Resource = "${{aws_s3_bucket.raw_{t}.arn}}/*"
      }},
      {{
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.platform.arn
      }},
    ]
  }})
}}

resource "aws_security_group" "ingest_{t}" {{
  name        = "${{local.prefix}}-{t}-ingest"
  description = "Ingest function {t}"
  vpc_id      = aws_vpc.main.id

  egress {{
    description = "HTTPS out"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}

resource "aws_lambda_function" "ingest_{t}" {{
  function_name = "${{local.prefix}}-{t}-ingest"
  role          = aws_iam_role.ingest_{t}.arn
  runtime       = "python3.12"
  handler       = "ingest.handler"
  s3_bucket     = aws_s3_bucket.artifacts.id
  s3_key        = "ingest/{t}.zip"
  timeout       = 60
  memory_size   = 512

  vpc_config {{
    subnet_ids         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_group_ids = [aws_security_group.ingest_{t}.id]
  }}

  environment {{
    variables = {{
      RAW_BUCKET = aws_s3_bucket.raw_{t}.bucket
      TENANT     = "{t}"
    }}
  }}

  depends_on = [aws_cloudwatch_log_group.ingest_{t}, aws_iam_role_policy_attachment.ingest_vpc_{t}]
}}

resource "aws_lambda_event_source_mapping" "ingest_{t}" {{
  event_source_arn = aws_sqs_queue.jobs_{t}.arn
  function_name    = aws_lambda_function.ingest_{t}.arn
  batch_size       = 10
}}

resource "aws_security_group" "worker_{t}" {{
  name        = "${{local.prefix}}-{t}-worker"
  description = "Worker service {t}"
  vpc_id      = aws_vpc.main.id

  ingress {{
    description     = "From the load balancer"
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }}

  egress {{
    description = "HTTPS out"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}
}}

resource "aws_cloudwatch_log_group" "worker_{t}" {{
  name              = "/ecs/${{local.prefix}}-{t}-worker"
  retention_in_days = 30
}}

resource "aws_iam_role" "worker_exec_{t}" {{
  name = "${{local.prefix}}-{t}-worker-exec"

  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Service = "ecs-tasks.amazonaws.com" }}
      Action    = "sts:AssumeRole"
    }}]
  }})
}}

resource "aws_iam_role_policy_attachment" "worker_exec_{t}" {{
  role       = aws_iam_role.worker_exec_{t}.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}}

resource "aws_iam_role" "worker_task_{t}" {{
  name = "${{local.prefix}}-{t}-worker-task"

  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Service = "ecs-tasks.amazonaws.com" }}
      Action    = "sts:AssumeRole"
    }}]
  }})
}}

resource "aws_ecs_task_definition" "worker_{t}" {{
  family                   = "${{local.prefix}}-{t}-worker"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  execution_role_arn       = aws_iam_role.worker_exec_{t}.arn
  task_role_arn            = aws_iam_role.worker_task_{t}.arn

  container_definitions = jsonencode([{{
    name         = "worker"
    image        = "public.ecr.aws/docker/library/python:3.12-slim"
    essential    = true
    portMappings = [{{ containerPort = 8080, protocol = "tcp" }}]
    environment  = [{{ name = "QUEUE_URL", value = aws_sqs_queue.jobs_{t}.url }}]
    logConfiguration = {{
      logDriver = "awslogs"
      options = {{
        awslogs-group         = aws_cloudwatch_log_group.worker_{t}.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "worker"
      }}
    }}
  }}])
}}

resource "aws_lb_target_group" "worker_{t}" {{
  name        = "{t}-worker"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.main.id

  health_check {{
    path    = "/health"
    matcher = "200"
  }}
}}

resource "aws_lb_listener_rule" "worker_{t}" {{
  listener_arn = aws_lb_listener.http.arn
  priority     = {i + 1}

  action {{
    type             = "forward"
    target_group_arn = aws_lb_target_group.worker_{t}.arn
  }}

  condition {{
    path_pattern {{
      values = ["/{t}/*"]
    }}
  }}
}}

resource "aws_ecs_service" "worker_{t}" {{
  name            = "{t}-worker"
  cluster         = aws_ecs_cluster.platform.id
  task_definition = aws_ecs_task_definition.worker_{t}.arn
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {{
    subnets         = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_groups = [aws_security_group.worker_{t}.id]
  }}

  load_balancer {{
    target_group_arn = aws_lb_target_group.worker_{t}.arn
    container_name   = "worker"
    container_port   = 8080
  }}

  depends_on = [aws_lb_listener_rule.worker_{t}]
}}

resource "aws_security_group" "db_{t}" {{
  name        = "${{local.prefix}}-{t}-db"
  description = "Database {t}"
  vpc_id      = aws_vpc.main.id

  ingress {{
    description     = "PostgreSQL from the worker"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.worker_{t}.id]
  }}
}}

resource "aws_db_instance" "{t}" {{
  identifier                    = "${{local.prefix}}-{t}"
  engine                        = "postgres"
  engine_version                = "17.6"
  instance_class                = "db.t4g.micro"
  allocated_storage             = 20
  storage_type                  = "gp3"
  storage_encrypted             = true
  kms_key_id                    = aws_kms_key.platform.arn
  db_name                       = "{t}"
  username                      = "app"
  manage_master_user_password   = true
  master_user_secret_kms_key_id = aws_kms_key.platform.arn
  db_subnet_group_name          = aws_db_subnet_group.platform.name
  vpc_security_group_ids        = [aws_security_group.db_{t}.id]
  backup_retention_period       = 7
  skip_final_snapshot           = true
}}

resource "aws_cloudwatch_metric_alarm" "dlq_{t}" {{
  alarm_name          = "${{local.prefix}}-{t}-dlq-not-empty"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = {{ QueueName = aws_sqs_queue.dlq_{t}.name }}
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
}}
"""


TENANT_COUNT = len(re.findall(r'^resource "', tenant(0), re.M))
TENANTS_PER_FILE = 10


def count_resources(text: str) -> int:
    """Resource instances in generated HCL (a two-key for_each counts twice)."""
    return len(re.findall(r'^resource "', text, re.M)) + text.count("for_each = {\n    a =")


def tenants_for(target: int) -> int:
    """How many tenants bring the platform closest to `target` resources (at least one from 100 up)."""
    if target < CORE_COUNT + NETWORK_COUNT + TENANT_COUNT // 2:
        return -1  # core only
    return max(1, round((target - CORE_COUNT - NETWORK_COUNT) / TENANT_COUNT))


def write_platform(directory: str, target: int) -> int:
    """Write a root module of about `target` resources; return the exact count."""
    os.makedirs(directory, exist_ok=True)
    tenants = tenants_for(target)
    main = HEADER + PROVIDER + CORE + (NETWORK if tenants >= 0 else "")
    files = {"main.tf": main}
    for start in range(0, max(tenants, 0), TENANTS_PER_FILE):
        stop = min(start + TENANTS_PER_FILE, tenants)
        files[f"tenants_{start:04d}.tf"] = "".join(tenant(i) for i in range(start, stop))
    total = 0
    for name, text in files.items():
        with open(os.path.join(directory, name), "w") as fh:
            fh.write(text)
        total += count_resources(text)
    return total


def write_one_resource(directory: str) -> int:
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "main.tf"), "w") as fh:
        fh.write(HEADER + '\nprovider "aws" {\n  region = "eu-west-1"\n}\n\n'
                 'resource "aws_s3_bucket" "logs" {\n  bucket = "dp-dev-logs-0123456789"\n}\n')
    return 1


# ---- a repository of small modules ---------------------------------------------------------------

MODULE_VARS = """
variable "name" {
  type        = string
  description = "Name prefix"
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "kms_key_arn" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
"""


def _module(i: int) -> tuple[str, str]:
    """A small reusable module: the tenant's queue + ingest function, its bucket, or its worker + database.

    Returns (main.tf, outputs.tf)."""
    body = tenant(i)
    blocks = re.split(r"\n(?=resource \")", body)
    kind = i % 3
    keep = {
        0: ("aws_sqs_queue", "aws_cloudwatch_log_group\" \"ingest", "aws_iam_role\" \"ingest",
            "aws_iam_role_policy_attachment\" \"ingest", "aws_security_group\" \"ingest", "aws_lambda",
            "aws_cloudwatch_metric_alarm", "aws_s3_bucket\" ", "aws_iam_role_policy\" \"ingest"),
        1: ("aws_s3_bucket",),
        2: ("aws_security_group\" \"worker", "aws_security_group\" \"db", "aws_cloudwatch_log_group\" \"worker",
            "aws_iam_role\" \"worker", "aws_iam_role_policy_attachment\" \"worker", "aws_ecs_task",
            "aws_db_instance", "aws_sqs_queue\" \"jobs", "aws_sqs_queue\" \"dlq"),
    }[kind]
    chosen = [b for b in blocks if b.startswith("resource") and any(b.startswith(f'resource "{k}') for k in keep)]
    text = "\n".join(chosen)
    # Module inputs replace the root's shared resources.
    subs = {
        "local.prefix": "var.name", "local.account_id": "data.aws_caller_identity.current.account_id",
        "aws_kms_key.platform.arn": "var.kms_key_arn", "aws_vpc.main.id": "var.vpc_id",
        "[aws_subnet.private_a.id, aws_subnet.private_b.id]": "var.subnet_ids",
        "aws_s3_bucket.artifacts.id": "\"${var.name}-artifacts\"", "var.region": "data.aws_region.current.name",
        "aws_db_subnet_group.platform.name": "aws_db_subnet_group.this.name",
        "aws_security_group.alb.id": "var.ingress_security_group_id",
    }
    for old, new in subs.items():
        text = text.replace(old, new)
    extra = "\ndata \"aws_caller_identity\" \"current\" {}\n\ndata \"aws_region\" \"current\" {}\n"
    if kind == 2:
        extra += ('\nvariable "ingress_security_group_id" {\n  type = string\n}\n\n'
                  'resource "aws_db_subnet_group" "this" {\n  name       = "${var.name}-db"\n'
                  '  subnet_ids = var.subnet_ids\n  tags       = var.tags\n}\n')
    outputs = "".join(f'\noutput "{m[1]}_{m[0].split("_", 1)[1]}_arn" {{\n  value = {m[0]}.{m[1]}.arn\n}}\n'
                      for m in re.findall(r'^resource "(aws_(?:sqs_queue|s3_bucket|lambda_function|db_instance))" '
                                          r'"(\w+)"', text, re.M))
    return HEADER + MODULE_VARS + extra + text, outputs


def _module_dir(i: int) -> str:
    return f"{('ingest', 'bucket', 'service')[i % 3]}-{i:03d}"


def write_module_repo(directory: str, modules: int = 200) -> int:
    """`modules` independent small modules under modules/NAME/; return the resource count."""
    total = 0
    for i in range(modules):
        d = os.path.join(directory, "modules", _module_dir(i))
        os.makedirs(d, exist_ok=True)
        main, outputs = _module(i)
        with open(os.path.join(d, "main.tf"), "w") as fh:
            fh.write(main)
        with open(os.path.join(d, "outputs.tf"), "w") as fh:
            fh.write(outputs)
        total += count_resources(main)
    return total


def write_repo_root(directory: str, repo: str, modules: int = 200) -> None:
    """A root that calls every module of the repository, so that one `terraform validate` checks them all
    (validating 200 roots one by one would start the provider 200 times)."""
    os.makedirs(directory, exist_ok=True)
    calls = []
    for i in range(modules):
        extra = '  ingress_security_group_id = "sg-0123456789abcdef0"\n' if i % 3 == 2 else ""
        calls.append(f'''
module "m{i:03d}" {{
  source      = "{repo}/modules/{_module_dir(i)}"
  name        = "dp-dev-m{i:03d}"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
{extra}}}
''')
    with open(os.path.join(directory, "main.tf"), "w") as fh:
        fh.write(HEADER + '\nprovider "aws" {\n  region = "eu-west-1"\n}\n' + "".join(calls))
