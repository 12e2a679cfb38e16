"""SC305: a service whose containers listen on a port that nothing can reach."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.ecs.fields import SERVICE, task_definition_of
from stackcheck.rules.support import container_definitions, container_field


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    has_api = bool(stack.of_type("aws_apigatewayv2_api", "aws_api_gateway_rest_api", "AWS::ApiGatewayV2::Api",
                                 "AWS::ApiGateway::RestApi"))
    for service in SERVICE.resources(stack):
        if any(SERVICE.get(service, k) for k in ("lbs", "registries", "connect")):
            continue
        task = task_definition_of(stack, service)
        if task is None:
            continue
        _, containers = container_definitions(task)
        ports = [p for c in containers for p in (container_field(c, "portMappings") or []) if isinstance(p, dict)]
        if not ports:
            continue
        port = ports[0].get("containerPort", ports[0].get("ContainerPort"))
        yield RULE.finding(
            service, SERVICE.name(service, "lbs"),
            f"the containers listen on port {port}, but the service has no load balancer, service registry or "
            "Service Connect: " + ("the stack's API Gateway has nothing to integrate with" if has_api else
                                   "nothing can address the tasks, whose IPs change on every deployment"),
            "attach a target group (load_balancer / LoadBalancers) behind an internal ALB or NLB, or register the "
            "service in Cloud Map",
        )


RULE = Rule(
    id="SC305", name="ecs-service-without-load-balancer",
    title="ECS service exposes a port but nothing can reach it",
    severity="low", blocker=False, category="advisory",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="An ECS service with no load balancer, service registry or Service Connect configuration whose task "
          "definition maps a container port.",
    why="Fargate tasks get a new IP on every start; without a load balancer or service discovery the port "
        "cannot be reached reliably.",
    error="",
    broken='resource "aws_ecs_service" "api" { ... }   # containerPort 8080, no load_balancer',
    fixed='resource "aws_ecs_service" "api" {\n  load_balancer {\n    target_group_arn = aws_lb_target_group.api.arn\n'
          '    container_name = "api"\n    container_port = 8080\n  }\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-load-balancing.html",
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/interconnecting-services.html",
    ),
    check=check,
    origin="seed",
)
