"""SC547: one target group forwarded to by listeners of two different load balancers."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.loadbalancing.lbindex import lb_index


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = lb_index(stack)
    for address, forwards in sorted(idx.forwards_to.items()):
        first_of: dict[str, str] = {}  # load balancer -> the first listener (or rule) forwarding from it
        for fwd in forwards:
            lb = idx.lb_of_listener.get(fwd.listener.address) if fwd.listener is not None else None
            if lb is None:
                continue
            first_of.setdefault(lb.base_address, fwd.source.address)
            if len(first_of) < 2 or first_of[lb.base_address] != fwd.source.address:
                continue
            others = sorted(f"{b} (via {s})" for b, s in first_of.items() if b != lb.base_address)
            yield RULE.finding(
                fwd.source, fwd.attr,
                f"this forwards to {address}, which listeners of {', '.join(others)} already use: a target group "
                "can serve only one load balancer, and the second listener fails with TargetGroupAssociationLimit: "
                "The following target groups cannot be associated with more than one load balancer",
                f"create a separate target group for {lb.base_address} (the same targets can be registered in both; "
                "an ECS service can list both in its load balancer blocks)",
            )


RULE = Rule(
    id="SC547", name="target-group-shared-by-load-balancers",
    title="Target group used by two load balancers",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A target group that listeners or listener rules of two different load balancers forward to, e.g. a "
          "public and an internal ALB sharing one group.",
    why="ELBv2 associates a target group with at most one load balancer. Each listener is valid alone; the "
        "listener of the second load balancer fails when it is created.",
    error="TargetGroupAssociationLimit: The following target groups cannot be associated with more than one load "
          "balancer: arn:aws:elasticloadbalancing:...:targetgroup/web/...",
    broken='resource "aws_lb_listener" "internal" {\n  load_balancer_arn = aws_lb.internal.arn\n'
           '  default_action { type = "forward"  target_group_arn = aws_lb_target_group.web.arn }  # also on aws_lb.public\n}',
    fixed='  default_action { type = "forward"  target_group_arn = aws_lb_target_group.web_internal.arn }',
    evidence=(
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html "
        "(Load balancers per target group: 1)",
        "GitHub code search: 'TargetGroupAssociationLimit: The following target groups cannot be associated with "
        "more than one load balancer' (Terraform, Pulumi and CDK projects with a public and an internal ALB)",
    ),
    limits="Only listeners and listener rules of the stack. Replacing a load balancer while keeping a fixed-name "
           "target group (the update-time variant of this failure) is not modelled.",
    check=check,
)
