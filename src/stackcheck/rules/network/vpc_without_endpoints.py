"""SC503: private subnets reach AWS services only through NAT (no gateway or interface endpoints)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.network.topology import topology


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    topo = topology(stack)
    if not topo.subnets:
        return
    vpcs_with_endpoints = set()
    for ep in stack.of_type("aws_vpc_endpoint", "AWS::EC2::VPCEndpoint"):
        vpc = stack.resolve(ep.get("vpc_id" if ep.framework == "terraform" else "VpcId"))
        vpcs_with_endpoints.add(vpc.address if vpc else None)
    if None in vpcs_with_endpoints:
        return  # an endpoint for a VPC we cannot resolve: do not guess
    seen = set()
    for subnet in topo.subnets.values():
        vpc = stack.resolve(subnet.get("vpc_id" if subnet.framework == "terraform" else "VpcId"))
        if vpc is None or vpc.address in vpcs_with_endpoints or vpc.address in seen:
            continue
        seen.add(vpc.address)
        yield RULE.finding(
            vpc, None,
            "private subnets reach S3, ECR, CloudWatch Logs and Secrets Manager only through the NAT gateway: every "
            "image pull and log line is billed as NAT data processing, and tasks depend on the NAT for AWS APIs",
            "add a gateway endpoint for S3 (free) and interface endpoints for ecr.api, ecr.dkr, logs and "
            "secretsmanager",
        )


RULE = Rule(
    id="SC503", name="vpc-without-endpoints",
    title="Private subnets reach AWS services only through NAT",
    severity="low", blocker=False, category="advisory",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="A VPC with private subnets routed through a NAT gateway and no VPC endpoint at all.",
    why="NAT gateways charge per GB processed; S3 gateway endpoints are free and interface endpoints keep ECR, "
        "logs and secrets traffic private.",
    error="",
    broken='resource "aws_vpc" "main" { ... }   # private subnets -> aws_nat_gateway, no aws_vpc_endpoint',
    fixed='resource "aws_vpc_endpoint" "s3" {\n  vpc_id = aws_vpc.main.id\n  service_name = "com.amazonaws.${var.region}.s3"\n'
          '  vpc_endpoint_type = "Gateway"\n  route_table_ids = [aws_route_table.private.id]\n}',
    evidence=("https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html",
              "https://repost.aws/knowledge-center/ecs-fargate-docker-timeout-error"),
    check=check,
    origin="seed",
)
