"""Rules: secrets."""
