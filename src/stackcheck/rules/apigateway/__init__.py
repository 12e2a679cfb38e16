"""Rules: API Gateway (REST and HTTP APIs)."""
