"""SC513: a VPC, secondary or subnet IPv4 CIDR block larger than /16 or smaller than /28."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import cidr
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, FieldMap, Rule

BLOCKS = FieldMap({
    "aws_vpc": {"cidr": "cidr_block"}, "aws_subnet": {"cidr": "cidr_block"},
    "aws_vpc_ipv4_cidr_block_association": {"cidr": "cidr_block"},
    "AWS::EC2::VPC": {"cidr": "CidrBlock"}, "AWS::EC2::Subnet": {"cidr": "CidrBlock"},
    "AWS::EC2::VPCCidrBlock": {"cidr": "CidrBlock"},
})
ERROR_CODE = {"aws_vpc": "InvalidVpc.Range", "AWS::EC2::VPC": "InvalidVpc.Range",
              "aws_subnet": "InvalidSubnet.Range", "AWS::EC2::Subnet": "InvalidSubnet.Range",
              "aws_vpc_ipv4_cidr_block_association": "InvalidVpc.Range", "AWS::EC2::VPCCidrBlock": "InvalidVpc.Range"}


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in BLOCKS.resources(stack):
        net = cidr.parse(BLOCKS.get(res, "cidr"))
        if net is None or cidr.ipv4_size_allowed(net):
            continue
        too = "large" if net.prefixlen < cidr.IPV4_MIN_PREFIX else "small"
        suggestion = f"/{cidr.IPV4_MIN_PREFIX}" if too == "large" else f"/{cidr.IPV4_MAX_PREFIX}"
        yield RULE.finding(
            res, BLOCKS.name(res, "cidr"),
            f"the CIDR block {net} is a /{net.prefixlen}, too {too}: AWS accepts IPv4 blocks from "
            f"/{cidr.IPV4_MIN_PREFIX} to /{cidr.IPV4_MAX_PREFIX} and fails with {ERROR_CODE[res.type]}: "
            f"The CIDR '{net}' is invalid",
            f"use a block of {suggestion} or " + ("smaller" if too == "large" else "larger")
            + (" (associate several /16 blocks to the VPC if it needs more addresses)" if too == "large" else ""),
        )


RULE = Rule(
    id="SC513", name="cidr-block-size",
    title="VPC or subnet IPv4 block outside /16../28",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A VPC, secondary VPC block or subnet whose literal IPv4 CIDR block is larger than /16 or smaller than "
          "/28.",
    why="VPC and subnet IPv4 blocks must be between /16 (65,536 addresses) and /28 (16 addresses). The provider "
        "checks this for aws_vpc at validate time, but not for aws_subnet, and cfn-lint does not check either "
        "size: EC2 rejects the block at apply time.",
    error="InvalidVpc.Range: The CIDR '10.0.0.0/8' is invalid. / InvalidSubnet.Range: The CIDR '10.0.0.0/29' is "
          "invalid.",
    broken="PublicSubnet:\n  Type: AWS::EC2::Subnet\n  Properties:\n    CidrBlock: 10.0.0.0/29",
    fixed="    CidrBlock: 10.0.0.0/28",
    evidence=(
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html (between a /16 netmask and /28 "
        "netmask)",
        "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html",
        "https://github.com/hashicorp/terraform/issues/19452",
        "https://github.com/trailofbits/algo/issues/340",
    ),
    limits="IPv4 literal blocks only; IPv6 and IPAM-allocated blocks are not checked.",
    check=check,
)
