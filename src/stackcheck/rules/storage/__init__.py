"""Rules: S3 buckets (notifications, ACLs, policies) and EFS."""
