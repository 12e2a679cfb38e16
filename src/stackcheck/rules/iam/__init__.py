"""Rules: IAM roles, policies and trust relationships."""
