"""The stack's VPCs as data, built once per stack: CIDR blocks, subnets, route tables and their routes,
subnet associations, internet gateway attachments. Shared by the network and load-balancing rules.

Every question answers None when the stack does not say (a value from a variable, a table or VPC
created elsewhere): rules stay silent then.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from stackcheck.model import cidr
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_list

VPC_TYPES = ("aws_vpc", "AWS::EC2::VPC")
SUBNET_TYPES = ("aws_subnet", "AWS::EC2::Subnet")
IGW_TYPES = ("aws_internet_gateway", "AWS::EC2::InternetGateway")
NAT_TYPES = ("aws_nat_gateway", "AWS::EC2::NatGateway")
TABLE_TYPES = ("aws_route_table", "aws_default_route_table", "AWS::EC2::RouteTable")
ROUTE_TYPES = ("aws_route", "AWS::EC2::Route")
ASSOC_TYPES = ("aws_route_table_association", "AWS::EC2::SubnetRouteTableAssociation")
CIDR_ASSOC_TYPES = ("aws_vpc_ipv4_cidr_block_association", "AWS::EC2::VPCCidrBlock")
IGW_ATTACH_TYPES = ("aws_internet_gateway_attachment", "AWS::EC2::VPCGatewayAttachment")
DEFAULT_DESTINATIONS = ("0.0.0.0/0", "::/0")

# Route destination and target keys: Terraform inline route block, aws_route, AWS::EC2::Route.
DEST_KEYS = ("cidr_block", "ipv6_cidr_block", "destination_prefix_list_id", "destination_cidr_block",
             "destination_ipv6_cidr_block", "DestinationCidrBlock", "DestinationIpv6CidrBlock",
             "DestinationPrefixListId")
TARGET_KEYS = ("gateway_id", "nat_gateway_id", "transit_gateway_id", "vpc_endpoint_id", "network_interface_id",
               "vpc_peering_connection_id", "egress_only_gateway_id", "carrier_gateway_id", "local_gateway_id",
               "core_network_arn", "instance_id",
               "GatewayId", "NatGatewayId", "TransitGatewayId", "VpcEndpointId", "NetworkInterfaceId",
               "VpcPeeringConnectionId", "EgressOnlyInternetGatewayId", "CarrierGatewayId", "LocalGatewayId",
               "CoreNetworkArn", "InstanceId")
VPC_ID = {"terraform": "vpc_id", "cloudformation": "VpcId"}


def tf(res: Resource) -> bool:
    return res.framework == "terraform"


@dataclass
class Route:
    owner: Resource  # the resource the route is written in (a table with inline routes, or a route)
    attr: str | None  # where in it, for the finding's line
    table: str  # the table key (see VpcIndex.table_key)
    destination: Any  # the literal CIDR or prefix list, or an Unknown
    target_key: str | None
    target: Any  # the target value as written
    kind: str  # "igw", "nat", "local", "other" or "unknown"
    target_res: Resource | None = None


@dataclass
class VpcIndex:
    stack: Stack
    instances: dict[str, list[Resource]] = field(default_factory=lambda: defaultdict(list))
    subnets_of_vpc: dict[str, list[Resource]] = field(default_factory=lambda: defaultdict(list))
    cidr_assocs: dict[str, list[Resource]] = field(default_factory=lambda: defaultdict(list))
    routes: dict[str, list[Route]] = field(default_factory=lambda: defaultdict(list))
    table_of_subnet: dict[str, str] = field(default_factory=dict)
    main_table: dict[str, str] = field(default_factory=dict)  # VPC address -> table key
    igw_vpcs: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))  # IGW -> VPC values
    igw_attachments: dict[str, list[Resource]] = field(default_factory=lambda: defaultdict(list))
    unresolved_associations: bool = False

    # -- references -------------------------------------------------------------------------

    def targets(self, value: Any) -> list[Resource] | None:
        """The stack resources a value (one reference, a splat or a list of them) names; None when any
        element is not a reference to a resource of this stack."""
        out: list[Resource] = []
        for item in as_list(value):
            if not isinstance(item, Unknown) or not item.target:
                return None
            res = self.stack.by_address.get(item.target)
            if res is None:
                return None
            group = self.instances.get(item.target)
            if item.target == res.base_address and group and len(group) > 1 and "[" not in item.ref:
                out.extend(group)  # aws_subnet.x[*].id: every instance
            else:
                out.append(res)
        return out

    def vpc_of(self, res: Resource) -> Resource | None:
        vpc = self.stack.resolve(res.get(VPC_ID[res.framework]))
        return vpc if vpc is not None and vpc.type in VPC_TYPES else None

    # -- CIDR blocks ------------------------------------------------------------------------

    def vpc_cidrs(self, vpc: Resource) -> list[cidr.Network] | None:
        """The IPv4 CIDR blocks of a VPC (primary and associated); None when any is not a literal."""
        blocks = [vpc.get("cidr_block" if tf(vpc) else "CidrBlock")]
        blocks += [a.get("cidr_block" if tf(a) else "CidrBlock") for a in self.cidr_assocs.get(vpc.address, ())
                   if (tf(a) or (a.get("AmazonProvidedIpv6CidrBlock") is None and a.get("Ipv6CidrBlock") is None
                       and a.get("Ipv6IpamPoolId") is None))]
        nets = [cidr.parse(b) for b in blocks]
        if any(n is None for n in nets):
            return None
        return [n for n in nets if n is not None]

    @staticmethod
    def subnet_cidr(subnet: Resource) -> cidr.Network | None:
        return cidr.parse(subnet.get("cidr_block" if tf(subnet) else "CidrBlock"))

    # -- routing ----------------------------------------------------------------------------

    def table_key(self, value: Any) -> str | None:
        """A route table reference as a key: the table's address, or "main:<VPC>" for a VPC's main table."""
        res = self.stack.resolve(value)
        if res is None:
            return None
        if res.type in VPC_TYPES:
            if isinstance(value, Unknown) and value.attr in ("main_route_table_id", "default_route_table_id"):
                return self.main_table.get(res.address, "main:" + res.address)
            return None
        if res.type == "aws_default_route_table":
            vpc = self.stack.resolve(res.get("default_route_table_id"))
            return "main:" + vpc.address if vpc is not None else res.address
        return res.address if res.type in TABLE_TYPES else None

    def subnet_table(self, subnet: Resource) -> str | None:
        """The route table key that governs a subnet: its explicit association, else its VPC's main table."""
        key = self.table_of_subnet.get(subnet.address)
        if key is not None:
            return key
        if self.unresolved_associations:
            return None
        vpc = self.vpc_of(subnet)
        return self.main_table.get(vpc.address, "main:" + vpc.address) if vpc is not None else None

    def internet_route(self, subnet: Resource) -> bool | None:
        """True when the subnet's route table routes to an internet gateway, False when it certainly does
        not (its default route, if any, goes to a NAT gateway), None when the stack does not say."""
        key = self.subnet_table(subnet)
        if key is None:
            return None
        routes = self.routes.get(key, [])
        if any(r.kind == "igw" for r in routes):
            return True
        for r in routes:
            if r.kind == "unknown":
                return None
            if r.kind == "other" and (r.destination in DEFAULT_DESTINATIONS or not isinstance(r.destination, str)):
                return None  # a firewall endpoint, transit gateway or appliance may lead to the internet
        return False

    def vpc_has_igw(self, vpc: Resource) -> bool | None:
        unresolved = False
        for values in self.igw_vpcs.values():
            for v in values:
                target = self.stack.resolve(v)
                if target is vpc:
                    return True
                if target is None:
                    unresolved = True
        return None if unresolved else False


def _route_kind(stack: Stack, key: str | None, value: Any) -> tuple[str, Resource | None]:
    if key is None:
        return "unknown", None
    target = stack.resolve(value)
    if key in ("gateway_id", "GatewayId"):
        if value == "local":
            return "local", None
        if target is not None:
            return ("igw" if target.type in IGW_TYPES else "other"), target
        if isinstance(value, str) and value.startswith("igw-"):
            return "igw", None
        if isinstance(value, str) and value.startswith("vgw-"):
            return "other", None
        return "unknown", None
    if key in ("nat_gateway_id", "NatGatewayId"):
        return "nat", target
    if key in ("egress_only_gateway_id", "EgressOnlyInternetGatewayId"):
        return "nat", target  # outbound only, like NAT
    return "other", target


def _route(stack: Stack, owner: Resource, attr: str | None, table: str, spec: dict[str, Any]) -> Route:
    dest = next((spec[k] for k in DEST_KEYS if spec.get(k) not in (None, "")), None)
    key = next((k for k in TARGET_KEYS if spec.get(k) not in (None, "")), None)
    kind, target_res = _route_kind(stack, key, spec.get(key) if key else None)
    return Route(owner, attr, table, dest, key, spec.get(key) if key else None, kind, target_res)


def _build(stack: Stack) -> VpcIndex:
    idx = VpcIndex(stack)
    for res in stack.resources:
        idx.instances[res.base_address].append(res)
    for subnet in stack.of_type(*SUBNET_TYPES):
        vpc = idx.vpc_of(subnet)
        if vpc is not None:
            idx.subnets_of_vpc[vpc.address].append(subnet)
    for assoc in stack.of_type(*CIDR_ASSOC_TYPES):
        vpc = idx.vpc_of(assoc)
        if vpc is not None:
            idx.cidr_assocs[vpc.address].append(assoc)
    for main in stack.of_type("aws_main_route_table_association"):
        vpc, table = idx.vpc_of(main), idx.table_key(main.get("route_table_id"))
        if vpc is not None and table is not None:
            idx.main_table[vpc.address] = table
    for table in stack.of_type(*TABLE_TYPES):
        key = idx.table_key(Unknown(ref=table.address, target=table.address))
        if key is None:
            continue
        idx.routes.setdefault(key, [])
        for i, spec in enumerate(as_list(table.get("route"))):
            if isinstance(spec, dict):
                idx.routes[key].append(_route(stack, table, f"route.{i}", key, spec))
    for route in stack.of_type(*ROUTE_TYPES):
        key = idx.table_key(route.get("route_table_id" if tf(route) else "RouteTableId"))
        if key is not None:  # a table created elsewhere cannot govern this stack's subnets
            idx.routes[key].append(_route(stack, route, None, key, route.attrs))
    for assoc in stack.of_type(*ASSOC_TYPES):
        subnet_value = assoc.get("subnet_id" if tf(assoc) else "SubnetId")
        if subnet_value is None:
            continue  # an edge association (gateway_id): no subnet
        table = idx.table_key(assoc.get("route_table_id" if tf(assoc) else "RouteTableId"))
        subnet = stack.resolve(subnet_value)
        if subnet is None or table is None:
            idx.unresolved_associations = True
            continue
        # A count-indexed association naming the subnet without its index: take the matching instance.
        if assoc.address != assoc.base_address and subnet.address == subnet.base_address:
            subnet = stack.by_address.get(subnet.base_address + assoc.address[len(assoc.base_address):], subnet)
        idx.table_of_subnet[subnet.address] = table
    for igw in stack.of_type("aws_internet_gateway"):
        if igw.get("vpc_id") is not None:
            idx.igw_vpcs[igw.address].append(igw.get("vpc_id"))
    for att in stack.of_type(*IGW_ATTACH_TYPES):
        igw = stack.resolve(att.get("internet_gateway_id" if tf(att) else "InternetGatewayId"))
        if igw is not None:
            idx.igw_vpcs[igw.address].append(att.get(VPC_ID[att.framework]))
            idx.igw_attachments[igw.address].append(att)
        elif tf(att) or att.get("VpnGatewayId") is None:
            idx.igw_vpcs["?" + att.address].append(att.get(VPC_ID[att.framework]))
    return idx


T = TypeVar("T")


def per_stack(build: Callable[[Stack], T]) -> Callable[[Stack], T]:
    """Memoise an index per stack object (stacks are not hashable; they are keyed by identity and
    dropped when the stack is collected)."""
    cache: dict[int, T] = {}

    def get(stack: Stack) -> T:
        key = id(stack)
        if key not in cache:
            cache[key] = build(stack)
            weakref.finalize(stack, cache.pop, key, None)
        return cache[key]

    return get


vpc_index = per_stack(_build)


def subnet_az(subnet: Resource) -> Any:
    """The subnet's AZ name, else its AZ ID (comparable within one stack), else None."""
    if tf(subnet):
        return subnet.get("availability_zone") or subnet.get("availability_zone_id")
    return subnet.get("AvailabilityZone") or subnet.get("AvailabilityZoneId")


def table_vpc(index: VpcIndex, key: str) -> Resource | None:
    """The VPC a route table key belongs to."""
    if key.startswith("main:"):
        return index.stack.by_address.get(key[5:])
    table = index.stack.by_address.get(key)
    return index.vpc_of(table) if table is not None else None


def igw_attachers(index: VpcIndex, igw: Resource) -> list[Resource]:
    """The resources whose creation attaches an internet gateway: the gateway itself when it names its VPC
    (Terraform), else its attachment resources."""
    own = [igw] if tf(igw) and igw.get("vpc_id") is not None else []
    return own + index.igw_attachments.get(igw.address, [])


def igws_of_vpc(index: VpcIndex, vpc: Resource) -> list[Resource]:
    out = []
    for address, values in index.igw_vpcs.items():
        igw = index.stack.by_address.get(address)
        if igw is not None and any(index.stack.resolve(v) is vpc for v in values):
            out.append(igw)
    return out


def is_public_nat(nat: Resource) -> bool:
    kind = nat.get("connectivity_type" if tf(nat) else "ConnectivityType", "public")
    return kind == "public"
