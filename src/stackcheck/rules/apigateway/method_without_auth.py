"""SC206: a REST API method open to anyone: no authorizer and no API key."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_bool
from stackcheck.rules.apigateway.wiring import METHOD_TYPES, REST
from stackcheck.rules.base import Context, Rule


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for method in stack.of_type(*METHOD_TYPES):
        http = REST.get(method, "http_method")
        if isinstance(http, str) and http.upper() == "OPTIONS":
            continue  # CORS preflight is unauthenticated by design
        auth = REST.get(method, "auth")
        if isinstance(auth, Unknown) or (auth is not None and str(auth).upper() != "NONE"):
            continue
        key = REST.get(method, "api_key")
        if isinstance(key, Unknown) or as_bool(key) is True:
            continue
        attr = REST.name(method, "api_key")
        yield RULE.finding(
            method, attr,
            "the method has no authorizer and does not require an API key: anyone who finds the URL can call it",
            f"set {attr} = true with a usage plan and API key, or an authorizer (AWS_IAM, COGNITO_USER_POOLS, "
            "CUSTOM)",
        )


RULE = Rule(
    id="SC206", name="apigw-method-without-auth",
    title="API method with neither authorization nor API key",
    severity="medium", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="A REST API method (other than OPTIONS) with authorization NONE and api_key_required false or unset.",
    why="The requirement profile asks for every API method to be authenticated or metered by an API key "
        "with a usage plan.",
    error="",
    broken="IngestPostMethod:\n  Type: AWS::ApiGateway::Method\n  Properties:\n    AuthorizationType: NONE\n"
           "    ApiKeyRequired: false",
    fixed="    ApiKeyRequired: true   # plus AWS::ApiGateway::UsagePlan and UsagePlanKey",
    evidence=(
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html",
        "https://aquasecurity.github.io/tfsec/v1.2.1/checks/aws/api-gateway/no-public-access/",
    ),
    check=check,
    origin="seed",
)
