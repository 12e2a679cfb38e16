terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

# stackcheck:ignore SC003
resource "aws_cloudwatch_log_group" "audit" {
  name              = "/audit/events"
  retention_in_days = 90
}
