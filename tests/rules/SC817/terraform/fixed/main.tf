resource "aws_s3_bucket" "jobs" {
  bucket = "analytics-glue-jobs"
}

resource "aws_iam_role" "glue" {
  name = "analytics-glue"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "glue.amazonaws.com" } }]
  })
}

resource "aws_glue_job" "sync" {
  name              = "crm-sync"
  role_arn          = aws_iam_role.glue.arn
  glue_version      = "3.0"
  max_capacity      = 0.0625
  timeout           = 30

  command {
    name            = "pythonshell"
    python_version  = "3.9"
    script_location = "s3://${aws_s3_bucket.jobs.bucket}/scripts/crm_sync.py"
  }
}
