"""SC546: an ECS service attached to a target group whose target type does not fit the task's network mode."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import as_list
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.ecs.fields import SERVICE, task_definition_of
from stackcheck.rules.loadbalancing.lbindex import TARGET_GROUP

# awsvpc tasks get their own network interface and register by IP; bridge and host tasks register the
# container instance (ECS developer guide, "Use load balancing to distribute Amazon ECS service traffic").
NEEDS = {"awsvpc": "ip", "bridge": "instance", "host": "instance"}


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for service in SERVICE.resources(stack):
        task = task_definition_of(stack, service)
        if task is None:
            continue
        mode = task.get("network_mode" if task.framework == "terraform" else "NetworkMode")
        if mode not in NEEDS:
            continue
        lbs_attr = SERVICE.name(service, "lbs") or ""
        for i, lb in enumerate(as_list(SERVICE.get(service, "lbs"))):
            if not isinstance(lb, dict):
                continue
            group = stack.resolve(lb.get(SERVICE.name(service, "tg") or ""))
            if group is None or group.type not in TARGET_GROUP.types:
                continue
            target_type = TARGET_GROUP.get(group, "target_type", "instance")
            if not isinstance(target_type, str) or target_type == NEEDS[mode]:
                continue
            yield RULE.finding(
                service, f"{lbs_attr}.{i}",
                f"the service's tasks ({task.address}) use network mode {mode}, but {group.address} has target type "
                f"{target_type}" + (" (the default)" if TARGET_GROUP.get(group, "target_type") is None else "")
                + f": CreateService fails with InvalidParameterException: The provided target group ... has target "
                f"type {target_type}, which is incompatible with the {mode} network mode specified in the task "
                "definition",
                f"set target_type/TargetType = \"{NEEDS[mode]}\" on {group.address} (this replaces the target group; "
                "give it a name_prefix or no fixed name so the new one can be created first)",
                line=service.line_of(lbs_attr),
            )


RULE = Rule(
    id="SC546", name="target-type-network-mode",
    title="Target group type does not fit the ECS network mode",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An ECS service whose task definition uses network mode awsvpc (every Fargate task) and whose load "
          "balancer target group has target type instance (the default when omitted), or bridge/host mode with "
          "target type ip.",
    why="An awsvpc task has its own network interface and is registered by IP; bridge and host tasks are "
        "registered as the container instance. ECS checks the pair when the service is created; the target "
        "group's default type, instance, is wrong for every Fargate service.",
    error="InvalidParameterException: The provided target group arn:aws:elasticloadbalancing:...:targetgroup/web/... "
          "has target type instance, which is incompatible with the awsvpc network mode specified in the task "
          "definition.",
    broken='resource "aws_lb_target_group" "web" {\n  port     = 8080\n  protocol = "HTTP"\n  vpc_id   = aws_vpc.main.id\n}'
           "   # target_type defaults to instance; the Fargate task uses awsvpc",
    fixed='  target_type = "ip"',
    evidence=(
        "https://github.com/hashicorp/terraform-provider-aws/issues/11723",
        "https://github.com/hashicorp/terraform-provider-aws/issues/12252 (the reverse: ip with bridge)",
        "https://github.com/riboseinc/terraform-aws-ecs-gitlab/issues/5",
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb.html (awsvpc: choose ip as the target type)",
    ),
    limits="Only task definitions with an explicit network mode; services and target groups of the same stack.",
    check=check,
)
