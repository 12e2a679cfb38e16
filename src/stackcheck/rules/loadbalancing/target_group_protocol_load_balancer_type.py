"""SC544: a listener forwarding to a target group whose protocol does not fit the load balancer."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.loadbalancing.lbindex import LISTENER, PROTOCOLS, TARGET_GROUP, lb_index

NAMES = {"application": "Application", "network": "Network", "gateway": "Gateway"}
# "A TCP_UDP listener must be associated with a TCP_UDP target group. A TCP_QUIC listener must be associated
# with a TCP_QUIC target group." (botocore elbv2 model, CreateTargetGroup.Protocol)
PAIRED = ("TCP_UDP", "TCP_QUIC")


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = lb_index(stack)
    seen: set[tuple[str, str]] = set()
    for fwd in idx.forwards:
        if fwd.listener is None or (fwd.source.address, fwd.group.address) in seen:
            continue
        seen.add((fwd.source.address, fwd.group.address))
        lb = idx.lb_of_listener.get(fwd.listener.address)
        kind = idx.lb_type(lb) if lb is not None else None
        group = fwd.group
        tg_protocol = TARGET_GROUP.get(group, "protocol")
        if kind not in PROTOCOLS or not isinstance(tg_protocol, str):
            continue
        if TARGET_GROUP.get(group, "target_type", "instance") == "lambda":
            continue  # a Lambda target group has no protocol
        tg_protocol = tg_protocol.upper()
        listener_protocol = LISTENER.get(fwd.listener, "protocol")
        listener_protocol = listener_protocol.upper() if isinstance(listener_protocol, str) else None
        problem = None
        if tg_protocol not in PROTOCOLS[kind]:
            problem = (f"{group.address} uses protocol {tg_protocol}, which a {NAMES[kind]} Load Balancer "
                       f"({lb.address}) cannot forward to (it supports {', '.join(PROTOCOLS[kind])})")
        elif listener_protocol in PAIRED and tg_protocol != listener_protocol:
            problem = (f"the {listener_protocol} listener forwards to {group.address}, whose protocol is "
                       f"{tg_protocol}: a {listener_protocol} listener must forward to a {listener_protocol} "
                       "target group")
        if problem is None:
            continue
        yield RULE.finding(
            fwd.source, fwd.attr,
            problem + ": the listener (or rule) is rejected when it is created",
            f"give the target group a protocol the {NAMES[kind]} Load Balancer supports"
            + (" (and that matches the listener)" if listener_protocol in PAIRED else "")
            + "; a target group's protocol cannot be changed in place, so it is replaced",
        )


RULE = Rule(
    id="SC544", name="target-group-protocol-load-balancer-type",
    title="Target group protocol does not fit its load balancer",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A listener or listener rule that forwards to a target group whose protocol is not one the load "
          "balancer type supports (an ALB forwarding to a TCP group, an NLB to an HTTP group), or a TCP_UDP / "
          "TCP_QUIC listener forwarding to a group of another protocol.",
    why="A target group is created on its own, so its protocol is only checked against the load balancer when a "
        "listener first forwards to it; an HTTP target group reused behind an NLB, or a TCP group behind an ALB, "
        "fails at that point.",
    error="ValidationError / InvalidLoadBalancerAction: (target group protocol not supported by the load balancer)",
    broken='resource "aws_lb_target_group" "api" { protocol = "HTTP" ... }\n'
           'resource "aws_lb_listener" "api" {\n  load_balancer_arn = aws_lb.nlb.arn   # network\n  protocol = "TCP"\n'
           '  default_action { type = "forward"  target_group_arn = aws_lb_target_group.api.arn }\n}',
    fixed='resource "aws_lb_target_group" "api" { protocol = "TCP" ... }',
    evidence=(
        "botocore elbv2 service model, CreateTargetGroup.Protocol: For Application Load Balancers, the supported "
        "protocols are HTTP and HTTPS. For Network Load Balancers, ... TCP, TLS, UDP, TCP_UDP, QUIC, or TCP_QUIC. "
        "A TCP_UDP listener must be associated with a TCP_UDP target group.",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-target-groups.html"
        "#target-group-protocol",
    ),
    limits="Only target groups, listeners and load balancers of the stack with literal protocols; Lambda target "
           "groups are skipped.",
    check=check,
)
