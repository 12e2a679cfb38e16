"""Rules: schema."""
