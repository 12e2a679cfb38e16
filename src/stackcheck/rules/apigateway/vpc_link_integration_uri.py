"""SC201: an HTTP API integration over a VPC link whose URI is not a listener or Cloud Map service ARN."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import ARN, Unknown, as_list
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_apigatewayv2_integration": {"connection": "connection_type", "uri": "integration_uri"},
    "AWS::ApiGatewayV2::Integration": {"connection": "ConnectionType", "uri": "IntegrationUri"},
})
LISTENER_TYPES = {"aws_lb_listener", "aws_alb_listener", "AWS::ElasticLoadBalancingV2::Listener"}
CLOUD_MAP_TYPES = {"aws_service_discovery_service", "AWS::ServiceDiscovery::Service"}
VALID_ARN = re.compile(r"^arn:aws[a-z-]*:(elasticloadbalancing:[^:]*:[^:]*:listener/|servicediscovery:[^:]*:[^:]*:service/)")


def _problem(value: object) -> str | None:
    """Why the URI cannot work, or None when it can (or cannot be known)."""
    if isinstance(value, str):
        return None if VALID_ARN.match(value) else f'"{value}" is not an ELB listener ARN or a Cloud Map service ARN'
    if not isinstance(value, Unknown):
        return None
    if value.parts:
        head = value.parts[0]
        if isinstance(head, str) and head and not "arn:".startswith(head[:4]):
            return f'"{value}" is not an ELB listener ARN or a Cloud Map service ARN'
        return None
    if value.target_type is None:
        return None
    if value.target_type in LISTENER_TYPES and value.kind == ARN:
        return None
    if value.target_type in CLOUD_MAP_TYPES and value.kind == ARN:
        return None
    if value.target_type in LISTENER_TYPES | CLOUD_MAP_TYPES:
        return f"{value.ref} is not the ARN of that {value.target_type}" if value.kind else None
    return f"{value.ref} is a {value.target_type}, not a load balancer listener or a Cloud Map service"


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in FIELDS.resources(stack):
        if FIELDS.get(res, "connection") != "VPC_LINK":
            continue
        uri = FIELDS.get(res, "uri")
        for value in as_list(uri)[:1]:
            problem = _problem(value)
            if problem:
                attr = FIELDS.name(res, "uri")
                yield RULE.finding(
                    res, attr,
                    f"{attr}: {problem}; an HTTP API integration over a VPC link needs the ARN of an ALB/NLB "
                    "listener or of a Cloud Map service",
                    f"point {attr} at the listener: "
                    + ("aws_lb_listener.NAME.arn" if res.framework == "terraform" else "!Ref Listener"),
                )


RULE = Rule(
    id="SC201", name="apigw-vpc-link-integration-uri",
    title="HTTP API VPC-link integration URI is not a listener or Cloud Map ARN",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An API Gateway v2 (HTTP API) integration with connection type VPC_LINK whose integration URI is a "
          "placeholder URL, a load balancer or target group ARN, or anything other than an ELB listener ARN "
          "or a Cloud Map service ARN.",
    why="For private integrations API Gateway resolves the target through the listener or the Cloud Map "
        "service; CreateIntegration validates the URI and rejects anything else.",
    error="BadRequestException: For VpcLink VPC_LINK, integration uri should be a valid ELB listener ARN or a "
          "valid Cloud Map service ARN.",
    broken='resource "aws_apigatewayv2_integration" "app" {\n  connection_type = "VPC_LINK"\n'
           '  integration_uri = "http://example.com"\n}',
    fixed='resource "aws_apigatewayv2_integration" "app" {\n  connection_type = "VPC_LINK"\n'
          '  integration_uri = aws_lb_listener.app.arn\n}',
    evidence=(
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html",
        "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html (integrationUri)",
        "https://github.com/anomalyco/sst/issues/5510 (public report of the error)",
    ),
    check=check,
    origin="seed",
)
