# Nightly pipeline: crawl raw -> run the curate job (waiting for it) -> load into Redshift.

resource "aws_cloudwatch_log_group" "pipeline" {
  name              = "/aws/vendedlogs/states/${local.name}-nightly"
  retention_in_days = 90
}

data "aws_iam_policy_document" "states_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "pipeline" {
  name               = "${local.name}-pipeline"
  assume_role_policy = data.aws_iam_policy_document.states_assume.json
}

data "aws_iam_policy_document" "pipeline" {
  statement {
    sid       = "Crawler"
    actions   = ["glue:StartCrawler", "glue:GetCrawler"]
    resources = [aws_glue_crawler.raw_orders.arn]
  }
  statement {
    sid       = "Job"
    actions   = ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"]
    resources = [aws_glue_job.curate_orders.arn]
  }
  statement {
    sid       = "RedshiftData"
    actions   = ["redshift-data:ExecuteStatement"]
    resources = [aws_redshift_cluster.warehouse.arn]
  }
  statement {
    sid       = "RedshiftDataStatus"
    actions   = ["redshift-data:DescribeStatement"]
    resources = ["*"]
  }
  statement {
    sid       = "WarehouseSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_redshift_cluster.warehouse.master_password_secret_arn]
  }
  statement {
    sid = "LogDelivery"
    actions = [
      "logs:CreateLogDelivery",
      "logs:GetLogDelivery",
      "logs:UpdateLogDelivery",
      "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries",
      "logs:PutResourcePolicy",
      "logs:DescribeResourcePolicies",
      "logs:DescribeLogGroups",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "pipeline" {
  name   = "pipeline"
  role   = aws_iam_role.pipeline.id
  policy = data.aws_iam_policy_document.pipeline.json
}

resource "aws_sfn_state_machine" "nightly" {
  name     = "${local.name}-nightly"
  role_arn = aws_iam_role.pipeline.arn
  type     = "STANDARD"

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.pipeline.arn}:*"
    include_execution_data = false
    level                  = "ERROR"
  }

  definition = jsonencode({
    Comment = "Nightly lakehouse refresh"
    StartAt = "CrawlRaw"
    States = {
      CrawlRaw = {
        Type     = "Task"
        Resource = "arn:aws:states:::aws-sdk:glue:startCrawler"
        Parameters = {
          Name = aws_glue_crawler.raw_orders.name
        }
        Catch = [{ ErrorEquals = ["Glue.CrawlerRunningException"], Next = "CurateOrders" }]
        Next  = "CurateOrders"
      }
      CurateOrders = {
        Type     = "Task"
        Resource = "arn:aws:states:::glue:startJobRun.sync"
        Parameters = {
          JobName = aws_glue_job.curate_orders.name
        }
        Retry = [{ ErrorEquals = ["States.TaskFailed"], IntervalSeconds = 300, MaxAttempts = 1 }]
        Next  = "LoadWarehouse"
      }
      LoadWarehouse = {
        Type     = "Task"
        Resource = "arn:aws:states:::aws-sdk:redshiftdata:executeStatement"
        Parameters = {
          ClusterIdentifier = aws_redshift_cluster.warehouse.cluster_identifier
          Database          = "analytics"
          SecretArn         = aws_redshift_cluster.warehouse.master_password_secret_arn
          Sql               = "CALL staging.load_orders()"
        }
        End = true
      }
    }
  })

  depends_on = [aws_iam_role_policy.pipeline]
}

data "aws_iam_policy_document" "events_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "schedule" {
  name               = "${local.name}-schedule"
  assume_role_policy = data.aws_iam_policy_document.events_assume.json
}

resource "aws_iam_role_policy" "schedule" {
  name = "start-pipeline"
  role = aws_iam_role.schedule.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "states:StartExecution"
      Resource = aws_sfn_state_machine.nightly.arn
    }]
  })
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "${local.name}-nightly"
  description         = "Start the lakehouse refresh at 02:00 UTC"
  schedule_expression = "cron(0 2 * * ? *)"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule     = aws_cloudwatch_event_rule.nightly.name
  arn      = aws_sfn_state_machine.nightly.arn
  role_arn = aws_iam_role.schedule.arn
}

resource "aws_sns_topic" "alerts" {
  name = "${local.name}-alerts"
}

resource "aws_sns_topic_subscription" "alerts_email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# EventBridge publishes Glue failures to the topic; the topic policy must allow it.
resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EventBridge"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sns:Publish"
      Resource  = aws_sns_topic.alerts.arn
    }]
  })
}

resource "aws_cloudwatch_event_rule" "glue_failed" {
  name        = "${local.name}-glue-failed"
  description = "Curate job failures"
  event_pattern = jsonencode({
    source        = ["aws.glue"]
    "detail-type" = ["Glue Job State Change"]
    detail = {
      jobName = [aws_glue_job.curate_orders.name]
      state   = ["FAILED", "TIMEOUT"]
    }
  })
}

resource "aws_cloudwatch_event_target" "glue_failed" {
  rule = aws_cloudwatch_event_rule.glue_failed.name
  arn  = aws_sns_topic.alerts.arn
}

resource "aws_cloudwatch_metric_alarm" "pipeline_failed" {
  alarm_name          = "${local.name}-nightly-failed"
  namespace           = "AWS/States"
  metric_name         = "ExecutionsFailed"
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  dimensions          = { StateMachineArn = aws_sfn_state_machine.nightly.arn }
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

resource "aws_cloudwatch_metric_alarm" "warehouse_disk" {
  alarm_name          = "${local.name}-warehouse-disk"
  namespace           = "AWS/Redshift"
  metric_name         = "PercentageDiskSpaceUsed"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 3
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  dimensions          = { ClusterIdentifier = aws_redshift_cluster.warehouse.cluster_identifier }
  alarm_actions       = [aws_sns_topic.alerts.arn]
}
