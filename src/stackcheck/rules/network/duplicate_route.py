"""SC520: two routes for the same destination in one route table, or a route over the VPC's local route."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import cidr
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.network.vpcindex import Route, table_vpc, vpc_index


def _name(route: Route) -> str:
    return route.owner.address + (f" ({route.attr})" if route.attr else "")


def _destination(route: Route) -> str | None:
    """A comparable destination: the normalised network of a literal CIDR, or a literal prefix list ID."""
    if not isinstance(route.destination, str):
        return None
    net = cidr.parse(route.destination)
    return str(net) if net is not None else route.destination


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = vpc_index(stack)
    for key, routes in sorted(idx.routes.items()):
        vpc = table_vpc(idx, key)
        local = {str(n) for n in (idx.vpc_cidrs(vpc) or [])} if vpc is not None else set()
        first: dict[str, Route] = {}
        for route in routes:
            dest = _destination(route)
            if dest is None or route.kind == "local":
                continue
            if dest in local:
                yield RULE.finding(
                    route.owner, route.attr or route.target_key,
                    f"this route's destination {dest} is {vpc.address}'s own CIDR block, which every route table "
                    f"already holds as the local route: CreateRoute fails with RouteAlreadyExists: The route "
                    f"identified by {dest} already exists",
                    "remove the route: traffic inside the VPC is routed locally (to send it through an appliance, "
                    "use more specific subnet routes)",
                )
                continue
            if dest in first:
                yield RULE.finding(
                    route.owner, route.attr or route.target_key,
                    f"{_name(first[dest])} already routes {dest} in the same route table: the second CreateRoute "
                    f"fails with RouteAlreadyExists: The route identified by {dest} already exists",
                    "keep one route per destination and table (do not mix inline route blocks with aws_route for "
                    "the same table)",
                )
            else:
                first[dest] = route


RULE = Rule(
    id="SC520", name="duplicate-route",
    title="Two routes for one destination in a route table",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A route table (with its inline routes and the separate aws_route / AWS::EC2::Route resources that "
          "target it) holding two routes for the same literal destination CIDR or prefix list, or a route whose "
          "destination is the VPC's own CIDR block.",
    why="A route table has one route per destination and already holds the VPC's local route. A default route "
        "declared both inline and as aws_route, two NAT routes in one shared table, or a route to the VPC CIDR "
        "pass every static check and fail at CreateRoute.",
    error="RouteAlreadyExists: The route identified by 0.0.0.0/0 already exists.",
    broken='resource "aws_route" "private_a" {\n  route_table_id = aws_route_table.private.id\n'
           '  destination_cidr_block = "0.0.0.0/0"\n  nat_gateway_id = aws_nat_gateway.a.id\n}\n'
           'resource "aws_route" "private_b" {\n  route_table_id = aws_route_table.private.id   # same table\n'
           '  destination_cidr_block = "0.0.0.0/0"\n  nat_gateway_id = aws_nat_gateway.b.id\n}',
    fixed='  route_table_id = aws_route_table.private_b.id   # one private route table per AZ',
    evidence=(
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (RouteAlreadyExists)",
        "https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#route-table-routes (the local route)",
        "GitHub code search: 'RouteAlreadyExists: The route identified by 0.0.0.0/0 already exists' (Terraform "
        "aws_route_table with two default routes; aws_route over the VPC CIDR)",
    ),
    limits="Destinations that are not literals are not compared. Routes added by gateway endpoints or route "
           "propagation are not modelled.",
    check=check,
)
