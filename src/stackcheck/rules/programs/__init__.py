"""Rules: failures of CDK for Terraform, Pulumi and AWS CDK programs before any template exists."""
