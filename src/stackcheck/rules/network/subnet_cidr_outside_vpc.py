"""SC510: a subnet whose CIDR block is not inside any CIDR block of its VPC."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import cidr
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.network.vpcindex import vpc_index

SUBNET = FieldMap({"aws_subnet": {"cidr": "cidr_block"}, "AWS::EC2::Subnet": {"cidr": "CidrBlock"}})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = vpc_index(stack)
    for subnet in SUBNET.resources(stack):
        net = idx.subnet_cidr(subnet)
        vpc = idx.vpc_of(subnet)
        if net is None or net.version != 4 or vpc is None:
            continue
        blocks = idx.vpc_cidrs(vpc)
        if blocks is None or cidr.within_any(net, blocks):
            continue
        listed = ", ".join(str(b) for b in blocks)
        attr = SUBNET.name(subnet, "cidr")
        yield RULE.finding(
            subnet, attr,
            f"the subnet's CIDR block {net} is not inside the CIDR block(s) of {vpc.address} ({listed}): "
            f"CreateSubnet fails with InvalidSubnet.Range: The CIDR '{net}' is invalid",
            f"choose a block inside {listed} (e.g. with cidrsubnet()/Fn::Cidr over the VPC's block), or associate "
            "a secondary CIDR block that contains it with the VPC and make the subnet depend on that association",
        )


RULE = Rule(
    id="SC510", name="subnet-cidr-outside-vpc",
    title="Subnet CIDR block outside its VPC",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A subnet whose literal IPv4 CIDR block is not contained in the primary or any associated "
          "(aws_vpc_ipv4_cidr_block_association / AWS::EC2::VPCCidrBlock) CIDR block of its VPC.",
    why="A subnet's block must be a subset of one of its VPC's blocks. Neither terraform validate nor plan compares "
        "the two; EC2 refuses the subnet at apply time, typically after the VPC was changed or a module's "
        "default subnet layout was reused with another VPC range.",
    error="InvalidSubnet.Range: The CIDR '10.10.1.0/24' is invalid.",
    broken='resource "aws_vpc" "main" { cidr_block = "192.168.0.0/16" }\n'
           'resource "aws_subnet" "a" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = "10.10.1.0/24"\n}',
    fixed='resource "aws_subnet" "a" {\n  vpc_id     = aws_vpc.main.id\n  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, 1)\n}',
    evidence=(
        "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html (a subnet's CIDR block is a subset of "
        "the VPC CIDR block)",
        "https://github.com/pulumi/pulumi-awsx/issues/111",
        "https://github.com/kubernetes/kops/pull/15841",
    ),
    limits="Only literal blocks are compared: a VPC with any block from a variable, IPAM pool or other unknown value "
           "is skipped. cfn-lint reports the CloudFormation case as E3059 too. IPv6 blocks are not checked.",
    check=check,
)
