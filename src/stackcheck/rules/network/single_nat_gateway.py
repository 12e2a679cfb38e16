"""SC502: private subnets in several AZs share a NAT gateway in one AZ."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.network.topology import az_key, nat_subnet, topology


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    topo = topology(stack)
    azs_of_nat: dict[str, set[str]] = defaultdict(set)
    nats = {}
    for subnet_addr, nat in topo.nat_of_subnet.items():
        if str(nat.get("availability_mode" if nat.framework == "terraform" else "AvailabilityMode", "")).lower() == "regional":
            continue  # a regional NAT gateway serves every AZ
        az = az_key(topo.subnets[subnet_addr])
        if az is not None:
            azs_of_nat[nat.address].add(az)
            nats[nat.address] = nat
    for address, azs in sorted(azs_of_nat.items()):
        if len(azs) < 2:
            continue
        nat = nats[address]
        home = nat_subnet(stack, nat)
        home_az = az_key(home) if home is not None else None
        others = sorted(azs - {home_az} if home_az else azs)
        yield RULE.finding(
            nat, None,
            f"private subnets in {len(azs)} availability zones route to the internet through this one NAT gateway"
            + (f" in {home_az}" if home_az else "") + f": if that AZ fails, subnets in {', '.join(others)} lose "
            "outbound access (and pay cross-AZ data charges meanwhile)",
            "create one NAT gateway per AZ (in that AZ's public subnet) and give each AZ's private route table a "
            "default route to its own NAT gateway",
        )


RULE = Rule(
    id="SC502", name="nat-gateway-single-az",
    title="One NAT gateway serves private subnets in several AZs",
    severity="medium", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="A (zonal) NAT gateway that is the default route of private subnets in two or more availability "
          "zones, computed from route tables, routes and subnet associations.",
    why="A NAT gateway lives in one AZ; AWS recommends one per AZ so that an AZ failure does not cut the others "
        "off. Requirement profile: no single point of failure.",
    error="",
    broken="PrivateDefaultRouteB:\n  Type: AWS::EC2::Route\n  Properties:\n    NatGatewayId: !Ref NatGatewayA",
    fixed="    NatGatewayId: !Ref NatGatewayB   # NatGatewayB in PublicSubnetB",
    evidence=("https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html "
              "(create a NAT gateway in each Availability Zone)",
              "https://github.com/GetSimpl/cloudlift/issues/16"),
    limits="Subnets whose AZ is not known statically are not counted. Regional NAT gateways are skipped.",
    check=check,
    origin="seed",
)
