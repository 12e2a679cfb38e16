"""SC202: a REST API VPC link (v1) that targets an Application Load Balancer."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_list
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_api_gateway_vpc_link": {"targets": "target_arns"},
    "AWS::ApiGateway::VpcLink": {"targets": "TargetArns"},
})
LB = FieldMap({
    "aws_lb": {"type": "load_balancer_type"},
    "aws_alb": {"type": "load_balancer_type"},
    "AWS::ElasticLoadBalancingV2::LoadBalancer": {"type": "Type"},
})


def _lb_kind(lb: Resource) -> str | None:
    kind = LB.get(lb, "type")
    if kind is None:
        return "application"  # the default in both frameworks
    return kind if isinstance(kind, str) else None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in FIELDS.resources(stack):
        attr = FIELDS.name(res, "targets")
        for value in as_list(FIELDS.get(res, "targets")):
            what = None
            if isinstance(value, str) and ":loadbalancer/app/" in value:
                what = f"{value} is an Application Load Balancer"
            elif isinstance(value, Unknown):
                target = stack.resolve(value)
                if target is not None and target.type in LB.types and _lb_kind(target) == "application":
                    what = f"{target.address} is an Application Load Balancer"
                elif target is not None and target.type not in LB.types and value.target_type:
                    what = f"{target.address} is a {target.type}, not a Network Load Balancer"
            if what:
                yield RULE.finding(
                    res, attr,
                    f"{attr}: {what}; a REST API VPC link (v1) accepts only Network Load Balancers, so the link "
                    "ends in state FAILED (NLB ARN is malformed)",
                    "put a Network Load Balancer in front of the service (or, for a private ALB, use an HTTP API "
                    "or a VPC link V2 with the REST integration's integration_target)",
                )


RULE = Rule(
    id="SC202", name="apigw-rest-vpc-link-targets-alb",
    title="REST API VPC link (v1) targets an Application Load Balancer",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_api_gateway_vpc_link / AWS::ApiGateway::VpcLink whose target ARNs name an Application Load "
          "Balancer (the default load balancer type) or anything other than a Network Load Balancer.",
    why="VPC links for REST APIs (v1) are built on NLB endpoint services and accept only NLB ARNs. The create "
        "call returns and the link later fails; Terraform waits for it and errors.",
    error="waiting for API Gateway VPC Link create: unexpected state 'FAILED', wanted target 'AVAILABLE'. "
          "last error: NLB ARN is malformed",
    broken='resource "aws_lb" "app" { load_balancer_type = "application" }\n'
           'resource "aws_api_gateway_vpc_link" "app" { target_arns = [aws_lb.app.arn] }',
    fixed='resource "aws_lb" "app" { load_balancer_type = "network" }\n'
          'resource "aws_api_gateway_vpc_link" "app" { target_arns = [aws_lb.app.arn] }',
    evidence=(
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-vpclink.html "
        "(TargetArns: the ARN of the network load balancer)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/30910 (the FAILED/NLB ARN is malformed error)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/45230 (VPC link V2 for REST APIs reaches ALBs)",
    ),
    limits="REST APIs can reach an ALB privately through a VPC link V2; that path is not flagged.",
    check=check,
    origin="seed",
)
