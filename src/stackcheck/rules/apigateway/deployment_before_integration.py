"""SC203: a REST API deployment that can be created before the API's methods and integrations."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.apigateway.wiring import (
    DEPLOYMENT_TYPES,
    api_of,
    defined_by_openapi,
    integration_for,
    methods_of,
)
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.support import runs_code


def _terraform(stack: Stack, dep: Resource, methods: list[Resource]) -> Iterator[Finding]:
    waits_for = []
    missing = []
    for method in methods:
        integ = integration_for(stack, method)
        if integ is None or integ is True:
            missing.append(f"{method.address} has no integration at all")
            continue
        assert isinstance(integ, Resource)
        if not stack.depends_transitively(dep, integ.base_address):
            waits_for.append(integ.base_address)
    if not waits_for and not missing:
        return
    why = "; ".join(missing + [f"nothing makes it wait for {a}" for a in waits_for])
    yield RULE.finding(
        dep, "depends_on",
        f"the deployment can be created before the API's integrations ({why}); CreateDeployment then fails "
        "with BadRequestException: No integration defined for method, and the provider does not retry",
        "add the integrations to depends_on (and to triggers, so that changes redeploy): "
        f"depends_on = [{', '.join(waits_for) or 'aws_api_gateway_integration.NAME'}]",
    )


def _cloudformation(stack: Stack, dep: Resource, methods: list[Resource]) -> Iterator[Finding]:
    if any(stack.depends_transitively(dep, m.address) for m in methods):
        return
    yield RULE.finding(
        dep, "DependsOn",
        f"the deployment does not depend on any of the API's methods ({', '.join(m.address for m in methods)}); "
        "CloudFormation may create it first, and it fails with The REST API doesn't contain any methods",
        f"add DependsOn: [{', '.join(m.address for m in methods)}] to the deployment",
    )


def _waits_for_provisioner(stack: Stack, dep: Resource) -> bool:
    """An integration may be created by code the deployment waits for (the AWS CLI in a provisioner)."""
    return any(runs_code(t) for t in (stack.by_address.get(a) for a in dep.depends_on) if t is not None)


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for dep in stack.of_type(*DEPLOYMENT_TYPES):
        api = api_of(stack, dep)
        if api is None or defined_by_openapi(api):
            continue
        methods = methods_of(stack, api)
        if not methods or _waits_for_provisioner(stack, dep):
            continue
        if dep.framework == "terraform":
            yield from _terraform(stack, dep, methods)
        else:
            yield from _cloudformation(stack, dep, methods)


RULE = Rule(
    id="SC203", name="apigw-deployment-before-integration",
    title="REST API deployment not ordered after its methods and integrations",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_api_gateway_deployment that neither references nor depends on (directly or through other "
          "resources) every integration of its REST API, or whose API has a method without integration; "
          "AWS::ApiGateway::Deployment with no DependsOn on any method of its API.",
    why="A deployment snapshots the API. Terraform and CloudFormation create resources in parallel unless a "
        "reference or depends_on orders them, so the deployment can be created before the integrations; "
        "API Gateway then refuses it. The provider calls CreateDeployment once, without retry.",
    error="Error: creating API Gateway Deployment: BadRequestException: No integration defined for method",
    broken='resource "aws_api_gateway_deployment" "api" {\n  rest_api_id = aws_api_gateway_rest_api.api.id\n'
           '  depends_on  = [aws_api_gateway_method.get]\n}',
    fixed='resource "aws_api_gateway_deployment" "api" {\n  rest_api_id = aws_api_gateway_rest_api.api.id\n'
          '  depends_on  = [aws_api_gateway_integration.get]\n}',
    evidence=(
        "https://github.com/hashicorp/terraform-provider-aws/issues/21210",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-deployment.html "
        "(the deployment must depend on the RestApi's methods: add a DependsOn attribute)",
        "https://github.com/aws/aws-cdk/issues/6068",
    ),
    limits="APIs defined by an OpenAPI body are skipped, and so are deployments that depend on a "
           "null_resource, terraform_data or custom resource (which may create the integration itself).",
    check=check,
    origin="seed",
)
