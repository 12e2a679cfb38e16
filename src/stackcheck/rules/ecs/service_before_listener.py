"""SC306: a service attached to a target group can be created before the listener that uses the group."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import as_list
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.ecs.fields import SERVICE

LISTENER_TYPES = ("aws_lb_listener", "aws_alb_listener", "aws_lb_listener_rule", "aws_alb_listener_rule",
                  "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::ListenerRule")


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for service in SERVICE.resources(stack):
        for lb in as_list(SERVICE.get(service, "lbs")):
            if not isinstance(lb, dict):
                continue
            tg = stack.resolve(lb.get(SERVICE.name(service, "tg") or ""))
            if tg is None:
                continue
            listeners = [r for r in stack.referrers.get(tg.base_address, ()) if r.type in LISTENER_TYPES]
            if not listeners or any(stack.depends_transitively(service, li.base_address) for li in listeners):
                continue
            names = ", ".join(sorted({li.base_address for li in listeners}))
            cfn = service.framework == "cloudformation"
            attr = "DependsOn" if cfn else "depends_on"
            yield RULE.finding(
                service, attr,
                f"the service uses {tg.address}, but nothing makes it wait for {names}, which attaches that target "
                "group to the load balancer; CreateService can run first and fails with The target group ... does "
                "not have an associated load balancer"
                + ("" if cfn else " (the provider retries for a few minutes, so this fails only when the load "
                   "balancer is slow)"),
                f"add {attr} = [{names}]" if not cfn else f"add DependsOn: [{names}] to the service",
                blocker=cfn, severity="high" if cfn else None,
            )
            break


RULE = Rule(
    id="SC306", name="ecs-service-before-listener",
    title="ECS service not ordered after the listener of its target group",
    severity="low", blocker=False, category="advisory",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An ECS service whose load balancer target group is attached by a listener or listener rule that the "
          "service neither references nor depends on.",
    why="ECS refuses a target group that no load balancer uses yet. Terraform's provider retries CreateService "
        "for about four minutes on this error (advisory); CloudFormation does not, so there the stack fails "
        "(blocker).",
    error="InvalidParameterException: The target group with targetGroupArn ... does not have an associated load "
          "balancer.",
    broken='resource "aws_ecs_service" "app" {\n  load_balancer { target_group_arn = aws_lb_target_group.app.arn }\n}',
    fixed='resource "aws_ecs_service" "app" {\n  load_balancer { target_group_arn = aws_lb_target_group.app.arn }\n'
          '  depends_on = [aws_lb_listener.http]\n}',
    evidence=(
        "https://github.com/hashicorp/terraform-provider-aws/blob/00a919d1548eb437816d4838f320502ad34183ff/internal/service/ecs/service.go (retry on 'does not have an associated load balancer')",
        "https://github.com/cloudposse/terraform-aws-ecs-web-app/issues/226",
        "https://github.com/Bayer-Group/cloudformation-template-generator/issues/181",
    ),
    check=check,
    origin="seed",
)
