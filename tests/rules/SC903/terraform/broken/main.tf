variable "environment_suffix" {
  type    = string
  default = "dev"
}

resource "aws_cloudwatch_log_group" "ingest" {
  name = "/ecs/ingest-${var.environment_suffix}"
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/audit/api-${var.environment_suffix}"
  retention_in_days = 0
}
