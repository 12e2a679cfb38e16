"""SC515: an interface endpoint given two subnets in the same availability zone."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import cidr
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.network.vpcindex import subnet_az, vpc_index

ENDPOINT = FieldMap({
    "aws_vpc_endpoint": {"type": "vpc_endpoint_type", "subnets": "subnet_ids"},
    "AWS::EC2::VPCEndpoint": {"type": "VpcEndpointType", "subnets": "SubnetIds"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = vpc_index(stack)
    for ep in ENDPOINT.resources(stack):
        if ENDPOINT.get(ep, "type", "Gateway") != "Interface":
            continue
        subnets = idx.targets(ENDPOINT.get(ep, "subnets"))
        if not subnets:
            continue
        for az, names in sorted(cidr.duplicate_azs((s.address, subnet_az(s)) for s in subnets).items()):
            yield RULE.finding(
                ep, ENDPOINT.name(ep, "subnets"),
                f"subnets {', '.join(map(str, names))} are all in availability zone {cidr.describe_az(az)}: an "
                "interface endpoint takes at most one subnet per AZ and fails with DuplicateSubnetsInSameZone: Found another VPC "
                "endpoint subnet in the availability zone of subnet-...",
                "list one subnet per availability zone (e.g. only the private subnets, not public and private)",
            )


RULE = Rule(
    id="SC515", name="endpoint-subnets-same-az",
    title="Interface endpoint with two subnets in one AZ",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An interface VPC endpoint whose subnet list holds two subnets with the same (literal or Fn::GetAZs "
          "index) availability zone.",
    why="An interface endpoint places one network interface per AZ; EC2 rejects a second subnet in an AZ. "
        "It happens when public and private subnets, or all subnets of a module, are passed to the endpoint.",
    error="DuplicateSubnetsInSameZone: Found another VPC endpoint subnet in the availability zone of "
          "subnet-0a7bfb78cc4591ffa. VPC endpoint subnets should be in different availability zones supported by "
          "the VPC endpoint service.",
    broken="subnet_ids = [aws_subnet.public_a.id, aws_subnet.private_a.id, aws_subnet.private_b.id]",
    fixed="subnet_ids = [aws_subnet.private_a.id, aws_subnet.private_b.id]",
    evidence=(
        "https://github.com/terraform-aws-modules/terraform-aws-vpc/issues/583",
        "https://github.com/terraform-aws-modules/terraform-aws-vpc/issues/451",
        "https://github.com/cloudera-labs/terraform-cdp-modules/pull/27",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html (one subnet per AZ)",
    ),
    limits="Subnets whose AZ is not known statically are not compared; subnets added with separate "
           "aws_vpc_endpoint_subnet_association resources are not counted.",
    check=check,
)
