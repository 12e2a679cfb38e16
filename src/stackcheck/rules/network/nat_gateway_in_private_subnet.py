"""SC519: a public NAT gateway placed in a subnet without a route to the internet gateway."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.network.vpcindex import NAT_TYPES, is_public_nat, tf, vpc_index


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = vpc_index(stack)
    for nat in stack.of_type(*NAT_TYPES):
        attr = "subnet_id" if tf(nat) else "SubnetId"
        subnet = stack.resolve(nat.get(attr))
        vpc = idx.vpc_of(subnet) if subnet is not None else None
        if vpc is None or not is_public_nat(nat) or idx.vpc_has_igw(vpc) is not True:
            continue
        if idx.internet_route(subnet) is not False:
            continue
        table = idx.subnet_table(subnet) or ""
        table_name = f"the main route table of {vpc.address}" if table.startswith("main:") else table
        yield RULE.finding(
            nat, attr,
            f"this public NAT gateway is in {subnet.address}, whose route table ({table_name}) has no route to the "
            "internet gateway: the NAT gateway deploys, but the traffic it forwards never reaches the internet and "
            "instances in the private subnets time out on every outbound connection",
            "place the NAT gateway in a public subnet (one whose route table has 0.0.0.0/0 to the internet gateway)",
        )


RULE = Rule(
    id="SC519", name="nat-gateway-in-private-subnet",
    title="Public NAT gateway in a subnet without an internet route",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="A public NAT gateway whose subnet's route table (explicit association, else the VPC's main table) has "
          "no route to an internet gateway, in a VPC that has one.",
    why="A public NAT gateway forwards traffic to the internet gateway through its own subnet's route table. In a "
        "private subnet (often the one whose default route points at the NAT gateway itself) it has no path out; "
        "AWS creates it without complaint.",
    error="",
    broken='resource "aws_nat_gateway" "main" {\n  allocation_id = aws_eip.nat.id\n  subnet_id     = aws_subnet.private_a.id\n}',
    fixed='  subnet_id = aws_subnet.public_a.id',
    evidence=(
        "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html (create a public NAT gateway in a "
        "public subnet)",
        "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html (the route table of the "
        "NAT gateway's subnet must route internet traffic to an internet gateway)",
        "https://courseiva.com/blog/private-subnet-cannot-access-internet-aws (placing the NAT gateway in the "
        "private subnet: a common mistake)",
    ),
    limits="Silent when the subnet's table is not known or has a default route to a firewall endpoint, transit "
           "gateway or other appliance (which may lead to the internet).",
    check=check,
)
