resource "aws_redshift_subnet_group" "this" {
  name       = "${local.name}-warehouse"
  subnet_ids = aws_subnet.warehouse[*].id
}

resource "aws_redshift_parameter_group" "this" {
  name   = "${local.name}-warehouse"
  family = "redshift-1.0"

  parameter {
    name  = "require_ssl"
    value = "true"
  }

  parameter {
    name  = "enable_user_activity_logging"
    value = "true"
  }
}

data "aws_iam_policy_document" "redshift_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["redshift.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "redshift_copy" {
  name               = "${local.name}-redshift-copy"
  assume_role_policy = data.aws_iam_policy_document.redshift_assume.json
}

data "aws_iam_policy_document" "redshift_copy" {
  statement {
    actions   = ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation"]
    resources = [aws_s3_bucket.zone["curated"].arn, "${aws_s3_bucket.zone["curated"].arn}/*"]
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.lake.arn]
  }
  statement {
    actions   = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "redshift_copy" {
  name   = "copy-from-curated"
  role   = aws_iam_role.redshift_copy.id
  policy = data.aws_iam_policy_document.redshift_copy.json
}

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier                  = "${local.name}-warehouse"
  node_type                           = "ra3.xlplus"
  cluster_type                        = "multi-node"
  number_of_nodes                     = 2
  database_name                       = "analytics"
  master_username                     = "warehouse_admin"
  manage_master_password              = true
  cluster_subnet_group_name           = aws_redshift_subnet_group.this.name
  cluster_parameter_group_name        = aws_redshift_parameter_group.this.name
  vpc_security_group_ids              = [aws_security_group.redshift.id]
  publicly_accessible                 = false
  enhanced_vpc_routing                = true
  encrypted                           = true
  kms_key_id                          = aws_kms_key.lake.arn
  iam_roles                           = [aws_iam_role.redshift_copy.arn]
  default_iam_role_arn                = aws_iam_role.redshift_copy.arn
  automated_snapshot_retention_period = 7
  preferred_maintenance_window        = "sun:05:00-sun:05:30"
  skip_final_snapshot                 = false
  final_snapshot_identifier           = "${local.name}-warehouse-final"
}

resource "aws_redshift_logging" "warehouse" {
  cluster_identifier   = aws_redshift_cluster.warehouse.id
  log_destination_type = "cloudwatch"
  log_exports          = ["connectionlog", "userlog", "useractivitylog"]
}
