"""The VPC's routing as data: which subnets route to the internet through which NAT gateway, in which AZ.
Built once per stack, linear in the number of resources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_list

NAT_TYPES = ("aws_nat_gateway", "AWS::EC2::NatGateway")
SUBNET_TYPES = ("aws_subnet", "AWS::EC2::Subnet")
DEFAULT_ROUTES = ("0.0.0.0/0",)


@dataclass
class Topology:
    nat_of_subnet: dict[str, Resource] = field(default_factory=dict)  # private subnet -> its NAT gateway
    subnets: dict[str, Resource] = field(default_factory=dict)


def az_key(subnet: Resource) -> str | None:
    """A comparable AZ label: the literal AZ, or the Fn::Select index of Fn::GetAZs."""
    value = subnet.get("availability_zone" if subnet.framework == "terraform" else "AvailabilityZone")
    if isinstance(value, str):
        return value
    if isinstance(value, Unknown) and value.kind == "availability-zone":
        return value.ref
    return None


def _routes(stack: Stack) -> list[tuple[Any, Any]]:
    """(route table value, NAT gateway value) for every default route to a NAT gateway."""
    out = []
    for rt in stack.of_type("aws_route_table"):
        for route in as_list(rt.get("route")):
            if isinstance(route, dict) and route.get("cidr_block") in DEFAULT_ROUTES and route.get("nat_gateway_id"):
                out.append((Unknown(ref=rt.address, target=rt.address), route["nat_gateway_id"]))
    for r in stack.of_type("aws_route"):
        if r.get("destination_cidr_block") in DEFAULT_ROUTES and r.get("nat_gateway_id") is not None:
            out.append((r.get("route_table_id"), r.get("nat_gateway_id")))
    for r in stack.of_type("AWS::EC2::Route"):
        if r.get("DestinationCidrBlock") in DEFAULT_ROUTES and r.get("NatGatewayId") is not None:
            out.append((r.get("RouteTableId"), r.get("NatGatewayId")))
    return out


def topology(stack: Stack) -> Topology:
    topo = Topology()
    nat_of_table: dict[str, Resource] = {}
    for table, nat in _routes(stack):
        t, n = stack.resolve(table), stack.resolve(nat)
        if t is not None and n is not None and n.type in NAT_TYPES:
            nat_of_table[t.address] = n  # per instance: counted tables route to their own NAT gateways
    for assoc in stack.of_type("aws_route_table_association", "AWS::EC2::SubnetRouteTableAssociation"):
        tf = assoc.framework == "terraform"
        t = stack.resolve(assoc.get("route_table_id" if tf else "RouteTableId"))
        s = stack.resolve(assoc.get("subnet_id" if tf else "SubnetId"))
        if t is None or s is None:
            continue
        # A count-indexed association refers to aws_subnet.x[count.index]: take the matching instances.
        idx = assoc.address[len(assoc.base_address):]
        if s.address != s.base_address or idx:
            s = stack.by_address.get(s.base_address + idx, s)
        nat = nat_of_table.get(t.address) or (nat_of_table.get(t.base_address + idx) if idx else None)
        if nat is None:
            continue
        topo.nat_of_subnet[s.address] = nat
        topo.subnets[s.address] = s
    return topo


def nat_subnet(stack: Stack, nat: Resource) -> Resource | None:
    return stack.resolve(nat.get("subnet_id" if nat.framework == "terraform" else "SubnetId"))
