"""SC212: an API Gateway v2 integration with a payload format version its API and integration type refuse."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.apigateway.v2 import HTTP, INTEGRATION, WEBSOCKET, protocol_of
from stackcheck.rules.base import Context, Rule


def _lambda_proxy(integ: Resource) -> bool:
    """AWS_PROXY without a subtype is a Lambda proxy; with one it is an AWS service integration."""
    return INTEGRATION.get(integ, "type") == "AWS_PROXY" and INTEGRATION.get(integ, "subtype") is None


def problem(stack: Stack, integ: Resource) -> str | None:
    version = INTEGRATION.get(integ, "payload")
    protocol = protocol_of(stack, integ, INTEGRATION)
    kind = INTEGRATION.get(integ, "type")
    if not isinstance(kind, str):
        return None
    if version == "2.0" and protocol == WEBSOCKET:
        return "payload format 2.0 exists only for HTTP APIs; WebSocket integrations use 1.0"
    if version == "2.0" and protocol == HTTP and not _lambda_proxy(integ):
        what = "an AWS service integration" if kind == "AWS_PROXY" else f"a {kind} integration"
        return f"2.0 is supported only for Lambda proxy integrations, and this is {what}: 1.0 is the only value"
    if version is None and protocol == HTTP and integ.framework == "cloudformation":
        return "PayloadFormatVersion is required for HTTP API integrations and is not set"
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for integ in INTEGRATION.resources(stack):
        why = problem(stack, integ)
        if why is None:
            continue
        attr = INTEGRATION.name(integ, "payload")
        fix = (f'set {attr} = "2.0" (or "1.0") for a Lambda proxy integration' if "not set" in why
               else f'set {attr} = "1.0" (or remove it)')
        yield RULE.finding(integ, attr, f"CreateIntegration fails with BadRequestException: {why}", fix)


RULE = Rule(
    id="SC212", name="apigatewayv2-payload-format-version",
    title="API Gateway v2 integration payload format version refused for its API or type",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_apigatewayv2_integration / AWS::ApiGatewayV2::Integration with payload format version 2.0 on a "
          "WebSocket API or on an HTTP API integration that is not a Lambda proxy (HTTP_PROXY, or AWS_PROXY with an "
          "integration subtype), and CloudFormation HTTP API integrations without PayloadFormatVersion.",
    why="For HTTP APIs the payload format version is required; Lambda proxy integrations accept 1.0 and 2.0, all "
        "other integrations only 1.0. The provider accepts 1.0/2.0 anywhere (and defaults to 1.0); the "
        "CloudFormation schema leaves the property optional.",
    error="BadRequestException (CreateIntegration): unsupported payload format version",
    broken='resource "aws_apigatewayv2_integration" "events" {\n  api_id              = aws_apigatewayv2_api.http.id\n'
           '  integration_type    = "AWS_PROXY"\n  integration_subtype = "EventBridge-PutEvents"\n'
           '  credentials_arn     = aws_iam_role.api_events.arn\n  payload_format_version = "2.0"\n}',
    fixed='  payload_format_version = "1.0"',
    evidence=(
        "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html "
        "(payloadFormatVersion: required for HTTP APIs; supported values for Lambda proxy integrations are 1.0 and "
        "2.0, for all other integrations 1.0 is the only supported value)",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html",
        "https://github.com/hashicorp/terraform-provider-aws/issues/25280 (WebSocket integration refuses 2.0)",
        "https://github.com/mantil-io/mantil/issues/109 (HTTP_PROXY and websocket still only support 1.0)",
        "https://github.com/smithy-lang/smithy/pull/527 (HTTP API integrations fail without payloadFormatVersion)",
    ),
    limits="The API's protocol is read from an API of the stack; integrations of other APIs are not judged.",
    check=check,
)
