"""SC211: an API Gateway v2 authorizer missing what its type requires on its kind of API."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.apigateway.v2 import AUTHORIZER, HTTP, WEBSOCKET, protocol_of
from stackcheck.rules.base import Context, Rule


def problems(stack: Stack, auth: Resource) -> Iterator[tuple[str, str, str]]:
    """(attribute, what is wrong, fix) for one authorizer."""
    kind = AUTHORIZER.get(auth, "type")
    protocol = protocol_of(stack, auth, AUTHORIZER)
    tf = auth.framework == "terraform"
    if kind == "JWT":
        if protocol == WEBSOCKET:
            yield (AUTHORIZER.name(auth, "type"), "JWT authorizers are supported only for HTTP APIs, and this API is "
                   "a WebSocket API", "use a REQUEST (Lambda) authorizer on a WebSocket API")
        elif AUTHORIZER.get(auth, "jwt") is None:
            yield (AUTHORIZER.name(auth, "type"), "a JWT authorizer needs a JWT configuration (issuer and audience), "
                   "and this one has none", ("add jwt_configuration { issuer = ..., audience = [...] }" if tf
                                             else "add JwtConfiguration: {Issuer: ..., Audience: [...]}"))
        elif AUTHORIZER.get(auth, "issuer") is None:
            yield (AUTHORIZER.name(auth, "jwt"), "the JWT configuration has no issuer, which the JWT authorizer type "
                   "requires", "set the issuer, e.g. https://cognito-idp.REGION.amazonaws.com/USER_POOL_ID")
    elif kind == "REQUEST" and protocol == HTTP and AUTHORIZER.get(auth, "payload") is None:
        attr = AUTHORIZER.name(auth, "payload")
        yield (AUTHORIZER.name(auth, "type"), "a Lambda (REQUEST) authorizer of an HTTP API needs an authorizer "
               f"payload format version and {attr} is not set", f'set {attr} = "2.0" (or "1.0")')


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for auth in AUTHORIZER.resources(stack):
        for attr, why, fix in problems(stack, auth):
            yield RULE.finding(auth, attr, f"CreateAuthorizer fails with BadRequestException: {why}", fix)


RULE = Rule(
    id="SC211", name="apigatewayv2-authorizer-configuration",
    title="API Gateway v2 authorizer without what its type requires",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_apigatewayv2_authorizer / AWS::ApiGatewayV2::Authorizer of type JWT on a WebSocket API, of type JWT "
          "without a JWT configuration or without its issuer, or of type REQUEST on an HTTP API without an "
          "authorizer payload format version.",
    why="The API reference makes JwtConfiguration (and its Issuer) required for JWT authorizers and supported only "
        "for HTTP APIs, and AuthorizerPayloadFormatVersion required for HTTP API Lambda authorizers. The provider "
        "and the CloudFormation schema leave all of them optional, so terraform validate and cfn-lint pass.",
    error="BadRequestException (CreateAuthorizer)",
    broken='resource "aws_apigatewayv2_authorizer" "users" {\n  api_id           = aws_apigatewayv2_api.http.id\n'
           '  authorizer_type  = "JWT"\n  name             = "users"\n'
           '  identity_sources = ["$request.header.Authorization"]\n}',
    fixed='  jwt_configuration {\n    issuer   = "https://cognito-idp.eu-west-1.amazonaws.com/${aws_cognito_user_pool.users.id}"\n'
          '    audience = [aws_cognito_user_pool_client.web.id]\n  }',
    evidence=(
        "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html (jwtConfiguration: "
        "required for the JWT authorizer type, supported only for HTTP APIs; authorizerPayloadFormatVersion: "
        "required for HTTP API Lambda authorizers) - also botocore apigatewayv2 service model, CreateAuthorizerRequest",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html "
        "(payload format version)",
    ),
    limits="The API's protocol is read from an aws_apigatewayv2_api / AWS::ApiGatewayV2::Api of the stack; "
           "authorizers of other APIs are judged only on what does not depend on the protocol.",
    check=check,
)
