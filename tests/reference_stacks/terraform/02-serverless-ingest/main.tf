# Telemetry ingest: devices post batches to an HTTP API, files land in S3 and are queued for
# processing, parsed records go to DynamoDB, and a Kinesis stream feeds both a real-time
# consumer and a Firehose archive. Queues use SQS-managed encryption so S3 and SNS can
# deliver to them without a key policy grant.

locals {
  name = "${var.project}-${var.environment}"
}

resource "aws_kms_key" "data" {
  description             = "${local.name} landing data and table"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "data" {
  name          = "alias/${local.name}-data"
  target_key_id = aws_kms_key.data.key_id
}

# --- landing bucket ----------------------------------------------------------------------

resource "aws_s3_bucket" "landing" {
  bucket = "${local.name}-landing-${var.region}"
}

resource "aws_s3_bucket_ownership_controls" "landing" {
  bucket = aws_s3_bucket.landing.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "landing" {
  bucket                  = aws_s3_bucket.landing.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "landing" {
  bucket = aws_s3_bucket.landing.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "landing" {
  bucket = aws_s3_bucket.landing.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "landing" {
  bucket = aws_s3_bucket.landing.id

  rule {
    id     = "raw-to-ia"
    status = "Enabled"
    filter {
      prefix = "raw/"
    }
    transition {
      days          = 30
      storage_class = "STANDARD_IA"
    }
    transition {
      days          = 180
      storage_class = "GLACIER"
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }

  rule {
    id     = "abort-multipart"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.landing]
}

# --- queueing ----------------------------------------------------------------------------

resource "aws_sqs_queue" "files_dlq" {
  name                      = "${local.name}-files-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "files" {
  name                       = "${local.name}-files"
  visibility_timeout_seconds = 360 # six times the consumer's timeout
  message_retention_seconds  = 345600
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.files_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "files_dlq" {
  queue_url = aws_sqs_queue.files_dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.files.arn]
  })
}

data "aws_iam_policy_document" "files_queue" {
  statement {
    sid       = "S3Notifications"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.files.arn]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.landing.arn]
    }
  }
  statement {
    sid       = "ReplaySubscription"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.files.arn]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.replay.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "files" {
  queue_url = aws_sqs_queue.files.id
  policy    = data.aws_iam_policy_document.files_queue.json
}

# S3 validates the destination when the notification is written: the queue policy must exist first.
resource "aws_s3_bucket_notification" "landing" {
  bucket = aws_s3_bucket.landing.id

  queue {
    queue_arn     = aws_sqs_queue.files.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "raw/"
    filter_suffix = ".json.gz"
  }

  depends_on = [aws_sqs_queue_policy.files]
}

# Operators publish file keys here to reprocess them.
resource "aws_sns_topic" "replay" {
  name              = "${local.name}-replay"
  kms_master_key_id = aws_kms_key.data.arn
}

resource "aws_sns_topic_subscription" "replay_to_files" {
  topic_arn            = aws_sns_topic.replay.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.files.arn
  raw_message_delivery = true
}

# --- table -------------------------------------------------------------------------------

resource "aws_dynamodb_table" "readings" {
  name             = "${local.name}-readings"
  billing_mode     = "PAY_PER_REQUEST"
  hash_key         = "device_id"
  range_key        = "ts"
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"

  attribute {
    name = "device_id"
    type = "S"
  }

  attribute {
    name = "ts"
    type = "N"
  }

  attribute {
    name = "site_id"
    type = "S"
  }

  global_secondary_index {
    name            = "by-site"
    hash_key        = "site_id"
    range_key       = "ts"
    projection_type = "KEYS_ONLY"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data.arn
  }
}

# --- stream ------------------------------------------------------------------------------

resource "aws_kinesis_stream" "events" {
  name             = "${local.name}-events"
  retention_period = 48
  encryption_type  = "KMS"
  kms_key_id       = "alias/aws/kinesis"

  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

# --- functions ---------------------------------------------------------------------------

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "processor" {
  name               = "${local.name}-processor"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "processor" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.processor.arn}:*"]
  }
  statement {
    sid       = "Queue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
    resources = [aws_sqs_queue.files.arn]
  }
  statement {
    sid       = "ReadLanding"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.landing.arn}/raw/*"]
  }
  statement {
    sid       = "WriteTable"
    actions   = ["dynamodb:BatchWriteItem", "dynamodb:PutItem"]
    resources = [aws_dynamodb_table.readings.arn]
  }
  statement {
    sid       = "Key"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.data.arn]
  }
}

resource "aws_iam_role_policy" "processor" {
  name   = "processor"
  role   = aws_iam_role.processor.id
  policy = data.aws_iam_policy_document.processor.json
}

resource "aws_cloudwatch_log_group" "processor" {
  name              = "/aws/lambda/${local.name}-processor"
  retention_in_days = 30
}

resource "aws_lambda_function" "processor" {
  function_name = "${local.name}-processor"
  role          = aws_iam_role.processor.arn
  runtime       = "python3.12"
  architectures = ["arm64"]
  handler       = "processor.handler"
  s3_bucket     = var.artifact_bucket
  s3_key        = "processor/${var.artifact_version}.zip"
  timeout       = 60
  memory_size   = 512

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.readings.name
    }
  }

  depends_on = [aws_cloudwatch_log_group.processor, aws_iam_role_policy.processor]
}

resource "aws_lambda_event_source_mapping" "files" {
  event_source_arn                   = aws_sqs_queue.files.arn
  function_name                      = aws_lambda_function.processor.arn
  batch_size                         = 10
  maximum_batching_window_in_seconds = 5
  function_response_types            = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = 20
  }
}

resource "aws_iam_role" "stream_consumer" {
  name               = "${local.name}-stream-consumer"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "stream_consumer" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.stream_consumer.arn}:*"]
  }
  statement {
    sid = "Kinesis"
    actions = [
      "kinesis:DescribeStream",
      "kinesis:DescribeStreamSummary",
      "kinesis:GetRecords",
      "kinesis:GetShardIterator",
      "kinesis:ListShards",
      "kinesis:ListStreams",
      "kinesis:SubscribeToShard",
    ]
    resources = [aws_kinesis_stream.events.arn]
  }
  statement {
    sid = "TableStream"
    actions = [
      "dynamodb:DescribeStream",
      "dynamodb:GetRecords",
      "dynamodb:GetShardIterator",
      "dynamodb:ListStreams",
    ]
    resources = [aws_dynamodb_table.readings.stream_arn]
  }
  statement {
    sid       = "Key"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.data.arn]
  }
  statement {
    sid       = "FailureDestination"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.stream_failures.arn]
  }
}

resource "aws_iam_role_policy" "stream_consumer" {
  name   = "stream-consumer"
  role   = aws_iam_role.stream_consumer.id
  policy = data.aws_iam_policy_document.stream_consumer.json
}

resource "aws_cloudwatch_log_group" "stream_consumer" {
  name              = "/aws/lambda/${local.name}-stream-consumer"
  retention_in_days = 30
}

resource "aws_sqs_queue" "stream_failures" {
  name                    = "${local.name}-stream-failures"
  sqs_managed_sse_enabled = true
}

resource "aws_lambda_function" "stream_consumer" {
  function_name = "${local.name}-stream-consumer"
  role          = aws_iam_role.stream_consumer.arn
  runtime       = "python3.12"
  architectures = ["arm64"]
  handler       = "consumer.handler"
  s3_bucket     = var.artifact_bucket
  s3_key        = "stream-consumer/${var.artifact_version}.zip"
  timeout       = 30
  memory_size   = 256

  depends_on = [aws_cloudwatch_log_group.stream_consumer, aws_iam_role_policy.stream_consumer]
}

resource "aws_lambda_event_source_mapping" "kinesis" {
  event_source_arn               = aws_kinesis_stream.events.arn
  function_name                  = aws_lambda_function.stream_consumer.arn
  starting_position              = "LATEST"
  batch_size                     = 500
  parallelization_factor         = 2
  maximum_retry_attempts         = 3
  bisect_batch_on_function_error = true

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.stream_failures.arn
    }
  }
}

resource "aws_lambda_event_source_mapping" "table_stream" {
  event_source_arn       = aws_dynamodb_table.readings.stream_arn
  function_name          = aws_lambda_function.stream_consumer.arn
  starting_position      = "TRIM_HORIZON"
  batch_size             = 100
  maximum_retry_attempts = 3

  filter_criteria {
    filter {
      pattern = jsonencode({ eventName = ["INSERT"] })
    }
  }
}

# --- archive -----------------------------------------------------------------------------

resource "aws_s3_bucket" "archive" {
  bucket = "${local.name}-archive-${var.region}"
}

resource "aws_s3_bucket_public_access_block" "archive" {
  bucket                  = aws_s3_bucket.archive.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "archive" {
  bucket = aws_s3_bucket.archive.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

data "aws_iam_policy_document" "firehose_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["firehose.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "firehose" {
  name               = "${local.name}-firehose"
  assume_role_policy = data.aws_iam_policy_document.firehose_assume.json
}

data "aws_iam_policy_document" "firehose" {
  statement {
    sid       = "ReadStream"
    actions   = ["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"]
    resources = [aws_kinesis_stream.events.arn]
  }
  statement {
    sid = "WriteArchive"
    actions = [
      "s3:AbortMultipartUpload",
      "s3:GetBucketLocation",
      "s3:GetObject",
      "s3:ListBucket",
      "s3:ListBucketMultipartUploads",
      "s3:PutObject",
    ]
    resources = [aws_s3_bucket.archive.arn, "${aws_s3_bucket.archive.arn}/*"]
  }
  statement {
    sid       = "Key"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.data.arn]
  }
  statement {
    sid       = "Logs"
    actions   = ["logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.firehose.arn}:*"]
  }
}

resource "aws_iam_role_policy" "firehose" {
  name   = "firehose"
  role   = aws_iam_role.firehose.id
  policy = data.aws_iam_policy_document.firehose.json
}

resource "aws_cloudwatch_log_group" "firehose" {
  name              = "/aws/kinesisfirehose/${local.name}-archive"
  retention_in_days = 14
}

resource "aws_cloudwatch_log_stream" "firehose" {
  name           = "S3Delivery"
  log_group_name = aws_cloudwatch_log_group.firehose.name
}

resource "aws_kinesis_firehose_delivery_stream" "archive" {
  name        = "${local.name}-archive"
  destination = "extended_s3"

  kinesis_source_configuration {
    kinesis_stream_arn = aws_kinesis_stream.events.arn
    role_arn           = aws_iam_role.firehose.arn
  }

  extended_s3_configuration {
    role_arn            = aws_iam_role.firehose.arn
    bucket_arn          = aws_s3_bucket.archive.arn
    prefix              = "events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/"
    error_output_prefix = "errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/"
    buffering_size      = 64
    buffering_interval  = 300
    compression_format  = "GZIP"
    kms_key_arn         = aws_kms_key.data.arn

    cloudwatch_logging_options {
      enabled         = true
      log_group_name  = aws_cloudwatch_log_group.firehose.name
      log_stream_name = aws_cloudwatch_log_stream.firehose.name
    }
  }

  depends_on = [aws_iam_role_policy.firehose]
}

# --- HTTP API ----------------------------------------------------------------------------

resource "aws_iam_role" "ingest_api" {
  name               = "${local.name}-ingest-api"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "ingest_api" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.ingest_api_fn.arn}:*"]
  }
  statement {
    sid       = "PutRecords"
    actions   = ["kinesis:PutRecord", "kinesis:PutRecords"]
    resources = [aws_kinesis_stream.events.arn]
  }
}

resource "aws_iam_role_policy" "ingest_api" {
  name   = "ingest-api"
  role   = aws_iam_role.ingest_api.id
  policy = data.aws_iam_policy_document.ingest_api.json
}

resource "aws_cloudwatch_log_group" "ingest_api_fn" {
  name              = "/aws/lambda/${local.name}-ingest-api"
  retention_in_days = 30
}

resource "aws_lambda_function" "ingest_api" {
  function_name = "${local.name}-ingest-api"
  role          = aws_iam_role.ingest_api.arn
  runtime       = "python3.12"
  architectures = ["arm64"]
  handler       = "api.handler"
  s3_bucket     = var.artifact_bucket
  s3_key        = "ingest-api/${var.artifact_version}.zip"
  timeout       = 10
  memory_size   = 256

  environment {
    variables = {
      STREAM_NAME = aws_kinesis_stream.events.name
    }
  }

  depends_on = [aws_cloudwatch_log_group.ingest_api_fn, aws_iam_role_policy.ingest_api]
}

resource "aws_apigatewayv2_api" "ingest" {
  name          = "${local.name}-ingest"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "iam_jwt" {
  api_id           = aws_apigatewayv2_api.ingest.id
  authorizer_type  = "JWT"
  name             = "devices"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    audience = ["telemetry-devices"]
    issuer   = "https://auth.example.com/"
  }
}

resource "aws_apigatewayv2_integration" "ingest" {
  api_id                 = aws_apigatewayv2_api.ingest.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.ingest_api.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 10000
}

resource "aws_apigatewayv2_route" "post_events" {
  api_id             = aws_apigatewayv2_api.ingest.id
  route_key          = "POST /events"
  target             = "integrations/${aws_apigatewayv2_integration.ingest.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.iam_jwt.id
}

resource "aws_cloudwatch_log_group" "ingest_api_access" {
  name              = "/aws/apigateway/${local.name}-ingest"
  retention_in_days = 30
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.ingest.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = 500
    throttling_rate_limit  = 1000
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.ingest_api_access.arn
    format = jsonencode({
      requestId = "$context.requestId"
      ip        = "$context.identity.sourceIp"
      route     = "$context.routeKey"
      status    = "$context.status"
      latency   = "$context.responseLatency"
    })
  }
}

resource "aws_lambda_permission" "ingest_api" {
  statement_id  = "AllowHttpApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.ingest_api.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.ingest.execution_arn}/*/*/events"
}

# --- alarms ------------------------------------------------------------------------------

# Not encrypted on purpose: CloudWatch can only publish to an encrypted topic whose key policy
# grants cloudwatch.amazonaws.com (impossible with alias/aws/sns), and alarm payloads hold no data.
resource "aws_sns_topic" "alarms" {
  name = "${local.name}-alarms"
}

resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  alarm_name          = "${local.name}-files-dlq-not-empty"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  dimensions          = { QueueName = aws_sqs_queue.files_dlq.name }
  alarm_actions       = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "iterator_age" {
  alarm_name          = "${local.name}-stream-iterator-age"
  namespace           = "AWS/Lambda"
  metric_name         = "IteratorAge"
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  threshold           = 300000
  comparison_operator = "GreaterThanThreshold"
  dimensions          = { FunctionName = aws_lambda_function.stream_consumer.function_name }
  alarm_actions       = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "processor_errors" {
  alarm_name          = "${local.name}-processor-errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 5
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  dimensions          = { FunctionName = aws_lambda_function.processor.function_name }
  alarm_actions       = [aws_sns_topic.alarms.arn]
}
