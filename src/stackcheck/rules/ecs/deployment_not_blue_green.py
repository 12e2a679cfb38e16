"""SC309: a load-balanced ECS service that deploys by rolling update, not blue/green."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_list
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.ecs.fields import SERVICE


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for service in SERVICE.resources(stack):
        if not as_list(SERVICE.get(service, "lbs")):
            continue
        controller = SERVICE.get(service, "controller")
        ctype = controller[0].get("type") if isinstance(controller, list) and controller else (
            controller.get("Type") if isinstance(controller, dict) else None)
        strategy = SERVICE.get(service, "strategy")
        if isinstance(ctype, Unknown) or isinstance(strategy, Unknown):
            continue
        if ctype in ("CODE_DEPLOY", "EXTERNAL") or strategy == "BLUE_GREEN":
            continue
        attr = SERVICE.name(service, "controller")
        yield RULE.finding(
            service, attr,
            "the service deploys by rolling update (the default ECS controller): new and old tasks share traffic "
            "during a deployment and there is no tested switch-back",
            "use ECS blue/green (deployment_configuration strategy BLUE_GREEN with an alternate target group), or a "
            "CODE_DEPLOY deployment controller with a CodeDeploy deployment group",
        )


RULE = Rule(
    id="SC309", name="ecs-deployment-not-blue-green",
    title="ECS service without blue/green deployments",
    severity="low", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="A load-balanced ECS service whose deployment controller is the default ECS rolling update, with no "
          "BLUE_GREEN deployment strategy.",
    why="Requirement profile: services behind a load balancer deploy blue/green. ECS now has native blue/green; "
        "CodeDeploy's controller also satisfies the rule.",
    error="",
    broken='resource "aws_ecs_service" "app" { load_balancer { ... } }',
    fixed='resource "aws_ecs_service" "app" {\n  deployment_controller { type = "CODE_DEPLOY" }\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html",
        "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentController.html",
    ),
    check=check,
    origin="seed",
)
