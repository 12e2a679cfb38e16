"""SC518: a route to an internet gateway, or a public NAT gateway, that does not wait for the gateway's
attachment to the VPC (or whose VPC has no internet gateway at all)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.network.vpcindex import (
    NAT_TYPES,
    igw_attachers,
    igws_of_vpc,
    is_public_nat,
    tf,
    vpc_index,
)


def _waits(stack: Stack, res: Resource, attachers: list[Resource]) -> bool:
    return any(res is a or stack.depends_transitively(res, a.base_address) for a in attachers)


def _dep_fix(res: Resource, attachers: list[Resource]) -> str:
    names = ", ".join(sorted({a.base_address for a in attachers}))
    return f"add depends_on = [{names}]" if tf(res) else f"add DependsOn: {names}"


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = vpc_index(stack)
    unknown_attachments = any(key.startswith("?") for key in idx.igw_vpcs)
    for routes in idx.routes.values():
        for route in routes:
            if route.kind != "igw" or route.target_res is None or route.owner.type == "aws_route_table":
                continue  # an inline Terraform route is part of the table, which waits for the gateway it names
            attachers = igw_attachers(idx, route.target_res)
            if not attachers or _waits(stack, route.owner, attachers):
                continue
            yield RULE.finding(
                route.owner, "DependsOn" if not tf(route.owner) else "depends_on",
                f"the route to {route.target_res.address} does not wait for "
                f"{', '.join(sorted(a.address for a in attachers))}, which attaches the gateway to the VPC: the route "
                "can be created first and fails with route table ... and network gateway igw-... belong to "
                "different networks",
                _dep_fix(route.owner, attachers),
                blocker=False,  # a race: often deploys (public templates do)
            )
    for nat in stack.of_type(*NAT_TYPES):
        subnet = stack.resolve(nat.get("subnet_id" if tf(nat) else "SubnetId"))
        vpc = idx.vpc_of(subnet) if subnet is not None else None
        if vpc is None or not is_public_nat(nat):
            continue
        igws = igws_of_vpc(idx, vpc)
        if not igws:
            if idx.vpc_has_igw(vpc) is False and not unknown_attachments:
                yield RULE.finding(
                    nat, None,
                    f"this public NAT gateway is in {vpc.address}, which has no internet gateway attached in the "
                    "stack: the gateway goes to state failed with Gateway.NotAttached: Network vpc-... has no "
                    "Internet gateway attached",
                    f"create an internet gateway attached to {vpc.address} and make the NAT gateway depend on the "
                    'attachment, or set connectivity type "private" if the NAT gateway must not reach the internet',
                    blocker=True,
                )
            continue
        attachers = [a for igw in igws for a in igw_attachers(idx, igw)]
        if attachers and not _waits(stack, nat, attachers):
            yield RULE.finding(
                nat, "DependsOn" if not tf(nat) else "depends_on",
                f"this public NAT gateway does not wait for {', '.join(sorted(a.address for a in attachers))}: it can "
                "be created before the internet gateway is attached and then fails with Gateway.NotAttached: "
                "Network vpc-... has no Internet gateway attached",
                _dep_fix(nat, attachers),
                blocker=False,  # a race, as above
            )


RULE = Rule(
    id="SC518", name="internet-gateway-attachment-order",
    title="Route or NAT gateway does not wait for the internet gateway attachment",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A separate route to an internet gateway, or a public NAT gateway, that neither references nor depends "
          "on the resource attaching the VPC's internet gateway (AWS::EC2::VPCGatewayAttachment, "
          "aws_internet_gateway_attachment, or the aws_internet_gateway that names its vpc_id); and a public NAT "
          "gateway in a VPC to which the stack attaches no internet gateway.",
    why="A route names only the gateway and a NAT gateway names only its subnet, so both can be created while the "
        "gateway is not yet attached. AWS documents DependsOn on the gateway attachment as required for such "
        "routes in CloudFormation; the provider documentation asks for depends_on on NAT gateways. Without any "
        "attached gateway, a public NAT gateway always fails.",
    error="route table rtb-... and network gateway igw-... belong to different networks / NAT gateway failed: "
          "Gateway.NotAttached: Network vpc-xxxxxxxx has no Internet gateway attached",
    broken="PublicDefaultRoute:\n  Type: AWS::EC2::Route\n  Properties:\n    RouteTableId: !Ref PublicRouteTable\n"
           "    DestinationCidrBlock: 0.0.0.0/0\n    GatewayId: !Ref InternetGateway",
    fixed="PublicDefaultRoute:\n  Type: AWS::EC2::Route\n  DependsOn: GatewayAttachment\n  Properties: ...",
    evidence=(
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html "
        "(When a DependsOn attribute is required: resources that need a VPC-gateway attachment)",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/nat_gateway (depends_on the "
        "internet gateway)",
        "botocore ec2 service model, NatGateway.FailureMessage: For Gateway.NotAttached: \"Network vpc-xxxxxxxx has "
        "no Internet gateway attached\"",
        "https://stackoverflow.com/questions/48865762",
    ),
    limits="A missing dependency is a race that often goes unnoticed (public templates that lack it deploy), so "
           "those findings are high-severity warnings, not blockers, even where the AWS documentation requires "
           "the DependsOn; only a public NAT gateway in a VPC without any internet gateway is a blocker. "
           "Gateways attached outside the stack are not seen: a VPC created elsewhere is skipped.",
    check=check,
)
