"""Rules: VPC, subnets, routes, NAT, endpoints and security groups."""
