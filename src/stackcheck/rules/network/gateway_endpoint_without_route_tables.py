"""SC523: a gateway VPC endpoint (S3, DynamoDB) associated with no route table."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, FieldMap, Rule

ENDPOINT = FieldMap({
    "aws_vpc_endpoint": {"type": "vpc_endpoint_type", "tables": "route_table_ids", "service": "service_name"},
    "AWS::EC2::VPCEndpoint": {"type": "VpcEndpointType", "tables": "RouteTableIds", "service": "ServiceName"},
})
ASSOCIATIONS = ("aws_vpc_endpoint_route_table_association",)


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    associations = stack.of_type(*ASSOCIATIONS)
    if any(stack.resolve(a.get("vpc_endpoint_id")) is None for a in associations):
        return  # an association naming an endpoint we cannot resolve may be for any of them
    associated = {stack.resolve(a.get("vpc_endpoint_id")).base_address for a in associations}  # type: ignore[union-attr]
    for ep in ENDPOINT.resources(stack):
        kind = ENDPOINT.get(ep, "type", "Gateway")
        if kind != "Gateway" or ep.get(ENDPOINT.name(ep, "tables") or "") is not None:
            continue
        if ep.base_address in associated:
            continue
        service = ENDPOINT.get(ep, "service")
        name = str(service).rsplit(".", 1)[-1] if service is not None else "the service"
        tables = "route_table_ids" if ep.framework == "terraform" else "RouteTableIds"
        yield RULE.finding(
            ep, None,
            f"this gateway endpoint is associated with no route table: no subnet routes to it, so {name} traffic "
            "keeps going through the NAT or internet gateway (billed, and failing from subnets without one)",
            f"set {tables} to the route tables of the subnets that use {name}"
            + (" (or add aws_vpc_endpoint_route_table_association resources)" if ep.framework == "terraform" else ""),
        )


RULE = Rule(
    id="SC523", name="gateway-endpoint-without-route-tables",
    title="Gateway endpoint with no route table",
    severity="medium", blocker=False, category="advisory",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="A gateway VPC endpoint (the default type: S3, DynamoDB) with no route_table_ids / RouteTableIds and no "
          "aws_vpc_endpoint_route_table_association.",
    why="A gateway endpoint works only through the prefix-list routes it adds to the route tables it is "
        "associated with. Without any, it is created and does nothing: traffic to S3/DynamoDB takes the NAT "
        "gateway (billed per GB) or, from isolated subnets, fails.",
    error="",
    broken='resource "aws_vpc_endpoint" "s3" {\n  vpc_id       = aws_vpc.main.id\n'
           '  service_name = "com.amazonaws.eu-west-1.s3"\n}',
    fixed='  route_table_ids = [aws_route_table.private.id]',
    evidence=(
        "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html (routing: the route tables "
        "associated with the endpoint get a route for the service's prefix list)",
        "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html#associate-route-tables-s3",
    ),
    limits="Route tables associated outside the stack are not seen: the finding is then a false alarm to suppress.",
    check=check,
)
