"""Rules: kms."""
