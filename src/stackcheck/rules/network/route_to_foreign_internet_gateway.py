"""SC517: a route to an internet gateway that is attached to another VPC, or to none."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.network.vpcindex import table_vpc, vpc_index


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = vpc_index(stack)
    if any(key.startswith("?") for key in idx.igw_vpcs):
        return  # an attachment whose gateway we cannot name: any gateway may be attached by it
    for key, routes in sorted(idx.routes.items()):
        vpc = table_vpc(idx, key)
        if vpc is None:
            continue
        for route in routes:
            igw = route.target_res
            if route.kind != "igw" or igw is None:
                continue
            vpcs = [stack.resolve(v) for v in idx.igw_vpcs.get(igw.address, [])]
            if any(v is None for v in vpcs) or vpc in vpcs:
                continue
            where = ("is attached to " + ", ".join(sorted(v.address for v in vpcs if v is not None))) if vpcs \
                else "is not attached to any VPC"
            yield RULE.finding(
                route.owner, route.attr or route.target_key,
                f"the route sends traffic to {igw.address}, which {where}, but the route table belongs to "
                f"{vpc.address}: CreateRoute fails with InvalidParameterValue: route table ... and network gateway "
                "igw-... belong to different networks",
                f"route to the internet gateway attached to {vpc.address}" + (
                    "" if vpcs else f", or attach {igw.address} to {vpc.address} "
                    "(vpc_id on aws_internet_gateway, or an attachment resource)"),
            )


RULE = Rule(
    id="SC517", name="route-to-foreign-internet-gateway",
    title="Route to an internet gateway of another VPC",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A route (inline, aws_route, AWS::EC2::Route) whose target is an internet gateway of the stack that is "
          "attached to a different VPC than the route table's, or attached to no VPC at all.",
    why="A route table can only target an internet gateway attached to its own VPC. Copying a public route table "
        "between VPCs, or forgetting the gateway attachment, passes every static check and fails at CreateRoute.",
    error="InvalidParameterValue: route table rtb-0bd6d8d18fcb31f79 and network gateway igw-0b8c421486ee35f19 belong "
          "to different networks",
    broken='resource "aws_route" "public" {\n  route_table_id = aws_route_table.public.id   # aws_vpc.main\n'
           '  gateway_id     = aws_internet_gateway.shared.id  # attached to aws_vpc.shared\n}',
    fixed='  gateway_id = aws_internet_gateway.main.id',
    evidence=(
        "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html (an internet gateway is attached "
        "to one VPC; route tables of that VPC target it)",
        "GitHub code search: 'InvalidParameterValue: route table rtb-... and network gateway igw-... belong to "
        "different networks' in Terraform error reports (aws_route_table)",
    ),
    limits="Only gateways and tables created in the stack; attachments naming a gateway outside the stack turn the "
           "rule off.",
    check=check,
)
