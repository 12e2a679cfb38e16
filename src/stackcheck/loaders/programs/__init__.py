"""Programs (CDK for Terraform, Pulumi, AWS CDK in Python): run safely, then load what they synthesize."""
