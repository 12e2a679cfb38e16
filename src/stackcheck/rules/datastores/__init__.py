"""Rules: RDS/Aurora, ElastiCache and other data stores."""
