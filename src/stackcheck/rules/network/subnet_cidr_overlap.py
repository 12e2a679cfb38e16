"""SC511: two subnets of one VPC whose CIDR blocks overlap."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import cidr
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.network.vpcindex import vpc_index

SUBNET = FieldMap({"aws_subnet": {"cidr": "cidr_block"}, "AWS::EC2::Subnet": {"cidr": "CidrBlock"}})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = vpc_index(stack)
    for _, subnets in sorted(idx.subnets_of_vpc.items()):
        nets: list[tuple[str, cidr.Network]] = []
        by_addr: dict[str, Resource] = {}
        for subnet in subnets:
            net = idx.subnet_cidr(subnet)
            if net is not None:
                nets.append((subnet.address, net))
                by_addr[subnet.address] = subnet
        blocks = dict(nets)
        for first, second in cidr.overlapping_pairs(nets):
            a, b = by_addr[str(first)], by_addr[str(second)]
            same = blocks[a.address] == blocks[b.address]
            yield RULE.finding(
                b, SUBNET.name(b, "cidr"),
                f"the subnet's CIDR block {blocks[b.address]} "
                + ("is the same as" if same else "overlaps") + f" the block {blocks[a.address]} of {a.address} in "
                f"the same VPC: the second CreateSubnet fails with InvalidSubnet.Conflict: The CIDR "
                f"'{blocks[b.address]}' conflicts with another subnet",
                "give every subnet of the VPC its own block, e.g. cidrsubnet(vpc_cidr, 8, N) / Fn::Cidr with a "
                "distinct index per subnet",
            )


RULE = Rule(
    id="SC511", name="subnet-cidr-overlap",
    title="Overlapping subnet CIDR blocks in one VPC",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="Two subnets of the same VPC whose literal CIDR blocks are equal or overlap.",
    why="Subnets of a VPC cannot overlap. Nothing before apply compares the subnets of a Terraform configuration; "
        "a copied subnet block or an index reused in cidrsubnet() makes the second subnet fail.",
    error="InvalidSubnet.Conflict: The CIDR '10.0.1.0/24' conflicts with another subnet",
    broken='resource "aws_subnet" "a" { cidr_block = "10.0.1.0/24" ... }\n'
           'resource "aws_subnet" "b" { cidr_block = "10.0.1.0/24" ... }',
    fixed='resource "aws_subnet" "b" { cidr_block = "10.0.2.0/24" ... }',
    evidence=(
        "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html (subnet CIDR blocks cannot overlap)",
        "https://github.com/hashicorp/terraform/issues/33470",
        "https://github.com/waterbear-cloud/paco/issues/40",
    ),
    limits="Subnets whose block is not a literal are not compared. cfn-lint reports the CloudFormation case as E3060 "
           "too. Subnets created outside the stack are not known.",
    check=check,
)
