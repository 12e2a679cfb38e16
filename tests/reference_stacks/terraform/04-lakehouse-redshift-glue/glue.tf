resource "aws_glue_catalog_database" "raw" {
  name        = replace("${local.name}_raw", "-", "_")
  description = "Raw landing zone tables (crawled)"
}

resource "aws_glue_catalog_database" "curated" {
  name        = replace("${local.name}_curated", "-", "_")
  description = "Curated Parquet tables"
}

resource "aws_glue_security_configuration" "lake" {
  name = "${local.name}-lake"

  encryption_configuration {
    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
      kms_key_arn        = aws_kms_key.lake.arn
    }
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "DISABLED"
    }
    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "DISABLED"
    }
  }
}

data "aws_iam_policy_document" "glue_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "glue" {
  name               = "${local.name}-glue"
  assume_role_policy = data.aws_iam_policy_document.glue_assume.json
}

resource "aws_iam_role_policy_attachment" "glue_service" {
  role       = aws_iam_role.glue.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"
}

data "aws_iam_policy_document" "glue" {
  statement {
    sid       = "ReadRawAndScripts"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = flatten([for z in ["raw", "scripts"] : [aws_s3_bucket.zone[z].arn, "${aws_s3_bucket.zone[z].arn}/*"]])
  }
  statement {
    sid       = "WriteCurated"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.zone["curated"].arn, "${aws_s3_bucket.zone["curated"].arn}/*"]
  }
  statement {
    sid       = "LakeKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
    resources = [aws_kms_key.lake.arn]
  }
}

resource "aws_iam_role_policy" "glue" {
  name   = "lake-access"
  role   = aws_iam_role.glue.id
  policy = data.aws_iam_policy_document.glue.json
}

resource "aws_glue_crawler" "raw_orders" {
  name                   = "${local.name}-raw-orders"
  role                   = aws_iam_role.glue.arn
  database_name          = aws_glue_catalog_database.raw.name
  security_configuration = aws_glue_security_configuration.lake.name

  s3_target {
    path       = "s3://${aws_s3_bucket.zone["raw"].bucket}/orders/"
    exclusions = ["**/_SUCCESS"]
  }

  schema_change_policy {
    update_behavior = "UPDATE_IN_DATABASE"
    delete_behavior = "LOG"
  }

  recrawl_policy {
    recrawl_behavior = "CRAWL_NEW_FOLDERS_ONLY"
  }
}

resource "aws_glue_job" "curate_orders" {
  name                   = "${local.name}-curate-orders"
  role_arn               = aws_iam_role.glue.arn
  glue_version           = "4.0"
  worker_type            = "G.1X"
  number_of_workers      = 4
  timeout                = 60
  max_retries            = 1
  security_configuration = aws_glue_security_configuration.lake.name

  command {
    name            = "glueetl"
    python_version  = "3"
    script_location = "s3://${aws_s3_bucket.zone["scripts"].bucket}/${aws_s3_object.etl_script.key}"
  }

  default_arguments = {
    "--job-language"                     = "python"
    "--job-bookmark-option"              = "job-bookmark-enable"
    "--enable-metrics"                   = "true"
    "--enable-continuous-cloudwatch-log" = "true"
    "--source_database"                  = aws_glue_catalog_database.raw.name
    "--source_table"                     = "orders"
    "--target_path"                      = "s3://${aws_s3_bucket.zone["curated"].bucket}/orders/"
  }

  execution_property {
    max_concurrent_runs = 1
  }
}
