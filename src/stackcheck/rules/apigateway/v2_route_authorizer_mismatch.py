"""SC213: an API Gateway v2 route whose authorization type does not fit its authorizer or its API."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.apigateway.v2 import AUTHORIZER, ROUTE, WEBSOCKET, protocol_of
from stackcheck.rules.base import Context, Rule

# Route authorization type -> the authorizer type it needs (CreateRoute AuthorizationType, CreateAuthorizer).
NEEDS = {"JWT": "JWT", "CUSTOM": "REQUEST"}


def problems(stack: Stack, route: Resource) -> Iterator[tuple[str, str, str]]:
    auth = ROUTE.get(route, "auth")
    if not isinstance(auth, str) or auth not in NEEDS:
        return
    auth_attr, id_attr = ROUTE.name(route, "auth"), ROUTE.name(route, "authorizer")
    if auth == "JWT" and protocol_of(stack, route, ROUTE) == WEBSOCKET:
        yield (auth_attr, "JWT authorization exists only on HTTP APIs; a WebSocket route takes NONE, AWS_IAM or "
               "CUSTOM", "use CUSTOM with a REQUEST (Lambda) authorizer")
        return
    authorizer_id = ROUTE.get(route, "authorizer")
    if authorizer_id is None:
        yield (auth_attr, f"authorization type {auth} needs an authorizer and {id_attr} is not set",
               f"set {id_attr} to a {NEEDS[auth]} authorizer of the same API")
        return
    authorizer = stack.resolve(authorizer_id)
    if authorizer is None or authorizer.type not in AUTHORIZER.types:
        return
    kind = AUTHORIZER.get(authorizer, "type")
    if isinstance(kind, str) and kind != NEEDS[auth]:
        right = next((k for k, v in NEEDS.items() if v == kind), None)
        yield (auth_attr, f"authorization type {auth} needs a {NEEDS[auth]} authorizer, but {authorizer.address} is "
               f"a {kind} authorizer", f"set {auth_attr} = {right}" if right else f"point {id_attr} at a "
               f"{NEEDS[auth]} authorizer")


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for route in ROUTE.resources(stack):
        for attr, why, fix in problems(stack, route):
            yield RULE.finding(route, attr, f"CreateRoute fails with BadRequestException: {why}", fix)


RULE = Rule(
    id="SC213", name="apigatewayv2-route-authorizer-mismatch",
    title="API Gateway v2 route authorization type that does not fit its authorizer",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_apigatewayv2_route / AWS::ApiGatewayV2::Route with authorization type JWT or CUSTOM and no "
          "authorizer, JWT pointing at a REQUEST (Lambda) authorizer or CUSTOM pointing at a JWT authorizer, and "
          "JWT on a WebSocket API.",
    why="A route's authorization type selects the kind of authorizer: JWT uses a JWT authorizer (HTTP APIs only), "
        "CUSTOM a Lambda (REQUEST) authorizer, and both need the authorizer's ID. The provider and the "
        "CloudFormation schema accept any combination.",
    error="BadRequestException (CreateRoute / UpdateRoute)",
    broken='resource "aws_apigatewayv2_route" "orders" {\n  # ...\n  authorization_type = "JWT"\n'
           '  authorizer_id      = aws_apigatewayv2_authorizer.lambda_token.id  # authorizer_type = "REQUEST"\n}',
    fixed='  authorization_type = "CUSTOM"',
    evidence=(
        "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html (authorizationType: for "
        "HTTP APIs NONE, JWT, AWS_IAM, CUSTOM; for WebSocket APIs NONE, AWS_IAM, CUSTOM) - botocore apigatewayv2 "
        "model, CreateRouteRequest",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html (attach with "
        "authorization type CUSTOM)",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html (attach with "
        "authorization type JWT)",
    ),
    limits="Only authorizers defined in the stack are compared; routes of APIs outside the stack are judged only "
           "for a missing authorizer ID.",
    check=check,
)
