"""SC521: a VPC peering connection between two VPCs whose CIDR blocks overlap."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import cidr
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.network.sgrefs import PEERING
from stackcheck.rules.network.vpcindex import vpc_index


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = vpc_index(stack)
    for pcx in stack.of_type(*PEERING):
        a, b = (stack.resolve(pcx.get(k)) for k in PEERING[pcx.type])
        if a is None or b is None or a is b:
            continue
        blocks_a, blocks_b = idx.vpc_cidrs(a), idx.vpc_cidrs(b)
        if blocks_a is None or blocks_b is None:
            continue
        clash = next(((x, y) for x in blocks_a for y in blocks_b if cidr.overlaps(x, y)), None)
        if clash is None:
            continue
        yield RULE.finding(
            pcx, PEERING[pcx.type][1],
            f"{a.address} ({clash[0]}) and {b.address} ({clash[1]}) have overlapping CIDR blocks: AWS refuses to "
            "peer them and the peering connection ends in state failed (the apply errors waiting for it)",
            "give one of the VPCs a non-overlapping range (plan VPC ranges per environment/account), or connect "
            "them through a transit gateway with NAT or PrivateLink instead",
        )


RULE = Rule(
    id="SC521", name="peering-overlapping-cidrs",
    title="VPC peering between overlapping CIDR blocks",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An aws_vpc_peering_connection / AWS::EC2::VPCPeeringConnection whose two VPCs are created in the stack "
          "with literal IPv4 CIDR blocks (primary or associated) that overlap.",
    why="VPC peering requires non-overlapping IPv4 ranges. Two environments built from the same module with the "
        "default 10.0.0.0/16 are a common way to get there; the request fails only when AWS evaluates it.",
    error="VPC peering connection status: failed (the VPCs have overlapping CIDR blocks)",
    broken='resource "aws_vpc" "app" { cidr_block = "10.0.0.0/16" }\nresource "aws_vpc" "shared" { cidr_block = '
           '"10.0.0.0/16" }\nresource "aws_vpc_peering_connection" "app_shared" {\n  vpc_id = aws_vpc.app.id\n'
           '  peer_vpc_id = aws_vpc.shared.id\n}',
    fixed='resource "aws_vpc" "shared" { cidr_block = "10.1.0.0/16" }',
    evidence=(
        "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations (You cannot "
        "create a VPC peering connection between VPCs that have matching or overlapping IPv4 or IPv6 CIDR blocks)",
        "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-connection-lifecycle.html (Failed: overlapping "
        "CIDR blocks)",
    ),
    limits="Only peerings whose two VPCs are created in the stack with literal blocks.",
    check=check,
)
