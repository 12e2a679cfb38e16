"""Rules: ALB/NLB load balancers, listeners and target groups."""
