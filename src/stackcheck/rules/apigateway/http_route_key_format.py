"""SC210: an HTTP API route key that is neither $default nor "METHOD /path"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.apigateway.v2 import HTTP, ROUTE, protocol_of
from stackcheck.rules.base import Context, Rule

# Methods an HTTP API route accepts (developer guide, "Working with routes for HTTP APIs").
METHODS = ("ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
_KEY = re.compile(r"^(\S+) (/\S*)$")


def problem(key: str) -> str | None:
    """Why a route key is refused for an HTTP API, or None."""
    if key == "$default":
        return None
    if key.startswith("$"):
        return f"{key} is a WebSocket route key; an HTTP API only has $default and METHOD /path routes"
    match = _KEY.match(key)
    if match is None:
        return 'it is not of the form "METHOD /path" (one HTTP method, one space, a path starting with /)'
    method, path = match.groups()
    if method.upper() not in METHODS:  # the case of the method is left to the API
        return f"{method} is not an HTTP method API Gateway routes on ({', '.join(METHODS)})"
    segments = path.split("/")
    greedy = [i for i, s in enumerate(segments) if s.endswith("+}")]
    if greedy and greedy[0] != len(segments) - 1:
        return "a greedy path variable ({name+}) must be the last segment of the path"
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for route in ROUTE.resources(stack):
        key = ROUTE.get(route, "key")
        if not isinstance(key, str) or protocol_of(stack, route, ROUTE) != HTTP:
            continue
        why = problem(key)
        if why is None:
            continue
        attr = ROUTE.name(route, "key")
        yield RULE.finding(
            route, attr,
            f'route key "{key}" is refused by CreateRoute (BadRequestException): {why}',
            'write the key as "GET /orders", "ANY /orders/{proxy+}" or "$default"',
        )


RULE = Rule(
    id="SC210", name="http-api-route-key-format",
    title="HTTP API route key not of the form METHOD /path",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_apigatewayv2_route / AWS::ApiGatewayV2::Route on an HTTP API (protocol HTTP in the stack) whose "
          "route key is not $default and not an HTTP method, one space and a path starting with / (method after "
          "the path, a missing or unknown method, a WebSocket key such as $connect, a greedy "
          "variable before the last segment).",
    why="An HTTP API route key is either $default or a combination of an HTTP method and a resource path; the "
        "provider and the CloudFormation schema accept any string, so the mistake surfaces when the route is "
        "created.",
    error="BadRequestException (CreateRoute): the route key is not $default or METHOD /path",
    broken='resource "aws_apigatewayv2_route" "orders" {\n  api_id    = aws_apigatewayv2_api.http.id\n'
           '  route_key = "/orders GET"\n  target    = "integrations/${aws_apigatewayv2_integration.orders.id}"\n}',
    fixed='  route_key = "GET /orders"',
    evidence=(
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html (routes consist "
        "of an HTTP method and a resource path; ANY; $default; greedy path variables at the end)",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_route (route_key: "
        "for HTTP APIs, either $default or a combination of an HTTP method and resource path, e.g. GET /pets)",
        "https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_apigatewayv2.HttpRouteKey.html",
    ),
    limits="Only routes of an API defined in the stack with protocol HTTP are judged; WebSocket route keys are "
           "free-form and not checked.",
    check=check,
)
