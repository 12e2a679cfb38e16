"""SC522: a resource whose security groups belong to another VPC than its subnets (or its VPC)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.network.sgrefs import SG_TYPES
from stackcheck.rules.network.vpcindex import VPC_TYPES, vpc_index

# Where each resource names its network placement ("subnets" or "vpc") and its security groups.
PLACED = FieldMap({
    "aws_instance": {"subnets": "subnet_id", "sgs": "vpc_security_group_ids"},
    "aws_lb": {"subnets": "subnets", "sgs": "security_groups"},
    "aws_alb": {"subnets": "subnets", "sgs": "security_groups"},
    "aws_vpc_endpoint": {"vpc": "vpc_id", "sgs": "security_group_ids"},
    "aws_ecs_service": {"subnets": "network_configuration.subnets", "sgs": "network_configuration.security_groups"},
    "aws_lambda_function": {"subnets": "vpc_config.subnet_ids", "sgs": "vpc_config.security_group_ids"},
    "AWS::EC2::Instance": {"subnets": "SubnetId", "sgs": "SecurityGroupIds"},
    "AWS::ElasticLoadBalancingV2::LoadBalancer": {"subnets": "Subnets", "sgs": "SecurityGroups"},
    "AWS::EC2::VPCEndpoint": {"vpc": "VpcId", "sgs": "SecurityGroupIds"},
    "AWS::ECS::Service": {"subnets": "NetworkConfiguration.AwsvpcConfiguration.Subnets",
                          "sgs": "NetworkConfiguration.AwsvpcConfiguration.SecurityGroups"},
    "AWS::Lambda::Function": {"subnets": "VpcConfig.SubnetIds", "sgs": "VpcConfig.SecurityGroupIds"},
})


def _placement_vpc(stack: Stack, res: Resource) -> Resource | None:
    """The one VPC the resource is placed in, from its subnets or its VPC; None when unknown or mixed."""
    idx = vpc_index(stack)
    if PLACED.has_field(res, "vpc"):
        vpc = stack.resolve(PLACED.get(res, "vpc"))
        return vpc if vpc is not None and vpc.type in VPC_TYPES else None
    subnets = idx.targets(PLACED.get(res, "subnets"))
    if not subnets:
        return None
    vpcs = [idx.vpc_of(s) for s in subnets]
    return vpcs[0] if vpcs[0] is not None and all(v is vpcs[0] for v in vpcs) else None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = vpc_index(stack)
    for res in PLACED.resources(stack):
        groups = idx.targets(PLACED.get(res, "sgs"))
        if not groups or any(g.type not in SG_TYPES for g in groups):
            continue
        vpc = _placement_vpc(stack, res)
        if vpc is None:
            continue
        for group in groups:
            other = idx.vpc_of(group)
            if other is None or other is vpc:
                continue
            where = "its VPC" if PLACED.has_field(res, "vpc") else "its subnets"
            yield RULE.finding(
                res, PLACED.name(res, "sgs"),
                f"security group {group.address} belongs to {other.address}, but {where} are in {vpc.address}: "
                "AWS rejects the resource (EC2: InvalidParameter: Security group sg-... and subnet subnet-... belong "
                "to different networks)",
                f"use a security group created with vpc_id/VpcId = {vpc.address}",
            )


RULE = Rule(
    id="SC522", name="security-group-subnet-vpc-mismatch",
    title="Security group from another VPC than the subnets",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An EC2 instance, load balancer, interface endpoint, ECS service (awsvpc) or Lambda function whose "
          "security groups (created in the stack) belong to a different VPC than its subnets or VPC.",
    why="A network interface can only use security groups of its own VPC. With two VPCs in one configuration, "
        "or a security group that omits vpc_id (and lands in the default VPC), the groups and the subnets "
        "disagree; only the API notices.",
    error="InvalidParameter: Security group sg-07cbbd1042f3c81b3 and subnet subnet-2c6ba676 belong to different "
          "networks.",
    broken='resource "aws_security_group" "web" { vpc_id = aws_vpc.tooling.id ... }\nresource "aws_instance" "web" {\n'
           '  subnet_id              = aws_subnet.private_a.id   # in aws_vpc.main\n'
           '  vpc_security_group_ids = [aws_security_group.web.id]\n}',
    fixed='resource "aws_security_group" "web" { vpc_id = aws_vpc.main.id ... }',
    evidence=(
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html (security groups belong to a VPC; "
        "you can assign them only to resources in that VPC)",
        "GitHub code search: 'InvalidParameter: Security group sg-... and subnet subnet-... belong to different "
        "networks' (Terraform aws_instance)",
    ),
    limits="Only security groups and subnets created in the stack. A security group without vpc_id (default VPC) "
           "is not judged, as the default VPC is not in the stack.",
    check=check,
)
