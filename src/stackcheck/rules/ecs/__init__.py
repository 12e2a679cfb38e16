"""Rules: ECS, Fargate and their images, logs and roles."""
