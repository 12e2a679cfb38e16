"""Rules: CloudFront distributions and ACM certificates."""
