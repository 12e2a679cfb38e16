resource "aws_cloudwatch_log_group" "etl" {
  name              = "/aws/vendedlogs/states/nightly-etl"
  retention_in_days = 14
}

resource "aws_iam_role" "etl" {
  name = "nightly-etl-sfn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "states.amazonaws.com" } }]
  })
}

resource "aws_sfn_state_machine" "etl" {
  name     = "nightly-etl"
  role_arn = aws_iam_role.etl.arn
  definition = jsonencode({
    StartAt = "Wait"
    States  = { Wait = { Type = "Wait", Seconds = 5, End = true } }
  })

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.etl.arn}:*"
    level                  = "ERROR"
    include_execution_data = true
  }
}
