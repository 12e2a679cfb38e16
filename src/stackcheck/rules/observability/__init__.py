"""Rules: CloudWatch log groups, metric filters and alarms."""
