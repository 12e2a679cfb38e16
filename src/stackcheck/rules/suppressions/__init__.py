"""Rules: suppression hygiene."""
