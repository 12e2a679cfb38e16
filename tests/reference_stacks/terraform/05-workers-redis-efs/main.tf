# Render workers: Fargate tasks pull jobs from SQS, keep hot state in Redis (IAM-authenticated,
# TLS, Multi-AZ) and write large artifacts to a shared EFS file system through an access point.

locals {
  name = "${var.project}-${var.environment}"
}

module "network" {
  source = "../modules/network"

  name                = local.name
  region              = var.region
  cidr                = var.vpc_cidr
  azs                 = var.azs
  interface_endpoints = ["ecr.api", "ecr.dkr", "logs", "sqs", "elasticfilesystem"]
}

resource "aws_kms_key" "data" {
  description             = "${local.name} cache, file system and queue"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "data" {
  name          = "alias/${local.name}-data"
  target_key_id = aws_kms_key.data.key_id
}

resource "aws_security_group" "workers" {
  name        = "${local.name}-workers"
  description = "Render worker tasks"
  vpc_id      = module.network.vpc_id

  egress {
    description = "All outbound (AWS APIs, Redis, NFS)"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# --- Redis -------------------------------------------------------------------------------

resource "aws_security_group" "redis" {
  name        = "${local.name}-redis"
  description = "Redis from the workers"
  vpc_id      = module.network.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "redis_from_workers" {
  security_group_id            = aws_security_group.redis.id
  description                  = "Redis TLS from workers"
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = aws_security_group.workers.id
}

resource "aws_elasticache_subnet_group" "redis" {
  name       = "${local.name}-redis"
  subnet_ids = module.network.data_subnet_ids
}

resource "aws_elasticache_parameter_group" "redis" {
  name   = "${local.name}-redis7"
  family = "redis7"

  parameter {
    name  = "maxmemory-policy"
    value = "volatile-lru"
  }
}

# A user group must contain a user named "default"; this one is switched off.
resource "aws_elasticache_user" "default" {
  user_id       = "${local.name}-default"
  user_name     = "default"
  engine        = "REDIS"
  access_string = "off -@all"

  authentication_mode {
    type = "no-password-required"
  }
}

# IAM authentication: user id and user name must be identical.
resource "aws_elasticache_user" "workers" {
  user_id       = "${local.name}-workers"
  user_name     = "${local.name}-workers"
  engine        = "REDIS"
  access_string = "on ~* +@all -@dangerous"

  authentication_mode {
    type = "iam"
  }
}

resource "aws_elasticache_user_group" "redis" {
  user_group_id = "${local.name}-redis"
  engine        = "REDIS"
  user_ids      = [aws_elasticache_user.default.user_id, aws_elasticache_user.workers.user_id]
}

resource "aws_elasticache_replication_group" "redis" {
  replication_group_id       = "${local.name}-redis"
  description                = "Render job state"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 3
  port                       = 6379
  parameter_group_name       = aws_elasticache_parameter_group.redis.name
  subnet_group_name          = aws_elasticache_subnet_group.redis.name
  security_group_ids         = [aws_security_group.redis.id]
  automatic_failover_enabled = true
  multi_az_enabled           = true
  at_rest_encryption_enabled = true
  kms_key_id                 = aws_kms_key.data.arn
  transit_encryption_enabled = true
  user_group_ids             = [aws_elasticache_user_group.redis.user_group_id]
  snapshot_retention_limit   = 5
  snapshot_window            = "15:00-16:00"
  maintenance_window         = "sun:17:00-sun:18:00"
  auto_minor_version_upgrade = true
}

# --- EFS ---------------------------------------------------------------------------------

resource "aws_security_group" "efs" {
  name        = "${local.name}-efs"
  description = "NFS from the workers"
  vpc_id      = module.network.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "efs_from_workers" {
  security_group_id            = aws_security_group.efs.id
  description                  = "NFS from workers"
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
  referenced_security_group_id = aws_security_group.workers.id
}

resource "aws_efs_file_system" "artifacts" {
  creation_token   = "${local.name}-artifacts"
  encrypted        = true
  kms_key_id       = aws_kms_key.data.arn
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic"

  lifecycle_policy {
    transition_to_ia = "AFTER_30_DAYS"
  }

  lifecycle_policy {
    transition_to_primary_storage_class = "AFTER_1_ACCESS"
  }

  tags = { Name = "${local.name}-artifacts" }
}

resource "aws_efs_mount_target" "artifacts" {
  count           = length(var.azs)
  file_system_id  = aws_efs_file_system.artifacts.id
  subnet_id       = module.network.private_subnet_ids[count.index]
  security_groups = [aws_security_group.efs.id]
}

resource "aws_efs_access_point" "artifacts" {
  file_system_id = aws_efs_file_system.artifacts.id

  posix_user {
    uid = 1000
    gid = 1000
  }

  root_directory {
    path = "/artifacts"
    creation_info {
      owner_uid   = 1000
      owner_gid   = 1000
      permissions = "0750"
    }
  }
}

resource "aws_efs_backup_policy" "artifacts" {
  file_system_id = aws_efs_file_system.artifacts.id
  backup_policy {
    status = "ENABLED"
  }
}

resource "aws_efs_file_system_policy" "artifacts" {
  file_system_id = aws_efs_file_system.artifacts.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyUnencryptedTransport"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "*"
        Resource  = aws_efs_file_system.artifacts.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "WorkersThroughAccessPoint"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.task.arn }
        Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
        Resource  = aws_efs_file_system.artifacts.arn
        Condition = { StringEquals = { "elasticfilesystem:AccessPointArn" = aws_efs_access_point.artifacts.arn } }
      },
    ]
  })
}

# --- queue -------------------------------------------------------------------------------

resource "aws_sqs_queue" "jobs_dlq" {
  name                              = "${local.name}-jobs-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_key.data.id
  kms_data_key_reuse_period_seconds = 3600
}

resource "aws_sqs_queue" "jobs" {
  name                              = "${local.name}-jobs"
  visibility_timeout_seconds        = 900
  receive_wait_time_seconds         = 20
  kms_master_key_id                 = aws_kms_key.data.id
  kms_data_key_reuse_period_seconds = 3600
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dlq.arn
    maxReceiveCount     = 3
  })
}

# --- image repository --------------------------------------------------------------------
# CI pushes worker images here. The repository is empty right after the first apply, so the service
# starts at zero tasks and only scales out on queue backlog, by which time an image has been pushed.

resource "aws_ecr_repository" "worker" {
  name                 = "${local.name}/worker"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_lifecycle_policy" "worker" {
  repository = aws_ecr_repository.worker.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Drop untagged images after a week"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = 7
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the last 30 release images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = 30
        }
        action = { type = "expire" }
      },
    ]
  })
}

# --- ECS workers -------------------------------------------------------------------------

resource "aws_ecs_cluster" "this" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enhanced"
  }
}

resource "aws_cloudwatch_log_group" "workers" {
  name              = "/ecs/${local.name}/workers"
  retention_in_days = 14
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
  name               = "${local.name}-workers-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role" "task" {
  name               = "${local.name}-workers-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "task" {
  statement {
    sid       = "Jobs"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.jobs.arn]
  }
  statement {
    sid       = "QueueKey"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.data.arn]
  }
  statement {
    sid       = "RedisIamAuth"
    actions   = ["elasticache:Connect"]
    resources = [aws_elasticache_replication_group.redis.arn, aws_elasticache_user.workers.arn]
  }
  statement {
    sid       = "Efs"
    actions   = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
    resources = [aws_efs_file_system.artifacts.arn]
    condition {
      test     = "StringEquals"
      variable = "elasticfilesystem:AccessPointArn"
      values   = [aws_efs_access_point.artifacts.arn]
    }
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "workers"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

resource "aws_ecs_task_definition" "workers" {
  family                   = "${local.name}-workers"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 2048
  memory                   = 4096
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  volume {
    name = "artifacts"
    efs_volume_configuration {
      file_system_id     = aws_efs_file_system.artifacts.id
      transit_encryption = "ENABLED"
      authorization_config {
        access_point_id = aws_efs_access_point.artifacts.id
        iam             = "ENABLED"
      }
    }
  }

  container_definitions = jsonencode([
    {
      name        = "worker"
      image       = "${aws_ecr_repository.worker.repository_url}:${var.worker_image_tag}"
      essential   = true
      mountPoints = [{ sourceVolume = "artifacts", containerPath = "/mnt/artifacts", readOnly = false }]
      environment = [
        { name = "JOBS_QUEUE_URL", value = aws_sqs_queue.jobs.url },
        { name = "REDIS_HOST", value = aws_elasticache_replication_group.redis.primary_endpoint_address },
        { name = "REDIS_USER", value = aws_elasticache_user.workers.user_name },
        { name = "REDIS_CLUSTER", value = aws_elasticache_replication_group.redis.id },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.workers.name
          awslogs-region        = var.region
          awslogs-stream-prefix = "worker"
        }
      }
    }
  ])
}

resource "aws_ecs_service" "workers" {
  name                   = "workers"
  cluster                = aws_ecs_cluster.this.id
  task_definition        = aws_ecs_task_definition.workers.arn
  desired_count          = 0
  launch_type            = "FARGATE"
  platform_version       = "1.4.0"
  enable_execute_command = false

  network_configuration {
    subnets         = module.network.private_subnet_ids
    security_groups = [aws_security_group.workers.id]
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count]
  }

  # Tasks mount the file system at start: every mount target must exist first.
  depends_on = [aws_efs_mount_target.artifacts, aws_efs_file_system_policy.artifacts]
}

resource "aws_appautoscaling_target" "workers" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.workers.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 0
  max_capacity       = 40
}

resource "aws_appautoscaling_policy" "backlog" {
  name               = "${local.name}-backlog"
  policy_type        = "StepScaling"
  service_namespace  = aws_appautoscaling_target.workers.service_namespace
  resource_id        = aws_appautoscaling_target.workers.resource_id
  scalable_dimension = aws_appautoscaling_target.workers.scalable_dimension

  step_scaling_policy_configuration {
    adjustment_type         = "ChangeInCapacity"
    cooldown                = 120
    metric_aggregation_type = "Maximum"

    step_adjustment {
      metric_interval_lower_bound = 0
      metric_interval_upper_bound = 500
      scaling_adjustment          = 2
    }

    step_adjustment {
      metric_interval_lower_bound = 500
      scaling_adjustment          = 6
    }
  }
}

resource "aws_appautoscaling_policy" "idle" {
  name               = "${local.name}-idle"
  policy_type        = "StepScaling"
  service_namespace  = aws_appautoscaling_target.workers.service_namespace
  resource_id        = aws_appautoscaling_target.workers.resource_id
  scalable_dimension = aws_appautoscaling_target.workers.scalable_dimension

  step_scaling_policy_configuration {
    adjustment_type         = "ExactCapacity"
    cooldown                = 300
    metric_aggregation_type = "Maximum"

    step_adjustment {
      metric_interval_upper_bound = 0
      scaling_adjustment          = 0
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "idle" {
  alarm_name          = "${local.name}-jobs-idle"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 3
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  dimensions          = { QueueName = aws_sqs_queue.jobs.name }
  alarm_actions       = [aws_appautoscaling_policy.idle.arn]
}

resource "aws_cloudwatch_metric_alarm" "backlog" {
  alarm_name          = "${local.name}-jobs-backlog"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  dimensions          = { QueueName = aws_sqs_queue.jobs.name }
  alarm_actions       = [aws_appautoscaling_policy.backlog.arn]
}

resource "aws_cloudwatch_metric_alarm" "redis_memory" {
  alarm_name          = "${local.name}-redis-memory"
  namespace           = "AWS/ElastiCache"
  metric_name         = "DatabaseMemoryUsagePercentage"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 85
  comparison_operator = "GreaterThanThreshold"
  dimensions          = { ReplicationGroupId = aws_elasticache_replication_group.redis.id }
}

resource "aws_cloudwatch_metric_alarm" "dlq" {
  alarm_name          = "${local.name}-jobs-dlq"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  dimensions          = { QueueName = aws_sqs_queue.jobs_dlq.name }
}
