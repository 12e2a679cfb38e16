"""SC204: a REST API method that has no integration."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.apigateway.wiring import METHOD_TYPES, api_of, defined_by_openapi, integration_for
from stackcheck.rules.base import Context, Rule


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for method in stack.of_type(*METHOD_TYPES):
        api = api_of(stack, method)
        if api is not None and defined_by_openapi(api):
            continue
        if integration_for(stack, method) is not None:
            continue
        yield RULE.finding(
            method, None,
            "the method has no integration: the endpoint exists but cannot be called, and any deployment of "
            "the API fails with No integration defined for method",
            "add an integration for the method (aws_api_gateway_integration in Terraform, the Integration "
            "property in CloudFormation), or remove the method",
        )


RULE = Rule(
    id="SC204", name="apigw-method-without-integration",
    title="REST API method without an integration",
    severity="medium", blocker=False, category="advisory",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="aws_api_gateway_method with no aws_api_gateway_integration for it, or AWS::ApiGateway::Method "
          "without an Integration property.",
    why="A method without integration answers nothing; API Gateway refuses to deploy an API that contains one.",
    error="BadRequestException: No integration defined for method",
    broken='resource "aws_api_gateway_method" "post" { http_method = "POST" ... }   # no integration',
    fixed='resource "aws_api_gateway_integration" "post" {\n  http_method = aws_api_gateway_method.post.http_method\n'
          '  type = "HTTP_PROXY"\n  uri = var.backend_url\n}',
    evidence=(
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-method-settings.html",
        "https://github.com/getmoto/moto/issues/9466 (No integration defined for method)",
    ),
    check=check,
    origin="seed",
)
