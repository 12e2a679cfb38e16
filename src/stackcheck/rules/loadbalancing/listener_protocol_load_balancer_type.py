"""SC543: a listener protocol the load balancer type does not support (TCP on an ALB, HTTP on an NLB)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.loadbalancing.lbindex import LISTENER, PROTOCOLS, lb_index

NAMES = {"application": "Application", "network": "Network", "gateway": "Gateway"}


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = lb_index(stack)
    for listener in LISTENER.resources(stack):
        lb = idx.lb_of_listener.get(listener.address)
        protocol = LISTENER.get(listener, "protocol")
        kind = idx.lb_type(lb) if lb is not None else None
        if kind not in PROTOCOLS or not isinstance(protocol, str):
            continue
        if kind == "gateway" or protocol.upper() in PROTOCOLS[kind]:
            continue  # a Gateway Load Balancer listener takes no protocol: the provider leaves it out
        allowed = ", ".join(PROTOCOLS[kind])
        other = "an Application" if kind == "network" else "a Network"
        yield RULE.finding(
            listener, LISTENER.name(listener, "protocol"),
            f"this listener's protocol is {protocol.upper()}, but {lb.address} is a {NAMES[kind]} Load Balancer, "
            f"whose listeners support only {allowed}: CreateListener fails with a ValidationError",
            f"use one of {allowed}, or put this listener on {other} Load Balancer",
        )


RULE = Rule(
    id="SC543", name="listener-protocol-load-balancer-type",
    title="Listener protocol not supported by the load balancer type",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A listener whose protocol is not one the type of its load balancer supports: HTTP/HTTPS on an "
          "Application Load Balancer; TCP, TLS, UDP, TCP_UDP, QUIC, TCP_QUIC on a Network Load Balancer.",
    why="Each load balancer type has its own listener protocols. The provider and cfn-lint check the protocol "
        "against the union of all of them, not against the load balancer the listener is attached to; a "
        "load_balancer_type switched from application to network (or the reverse) leaves listeners that fail.",
    error="ValidationError: (listener protocol not supported for this load balancer type)",
    broken='resource "aws_lb" "api" { load_balancer_type = "network" ... }\nresource "aws_lb_listener" "api" {\n'
           '  load_balancer_arn = aws_lb.api.arn\n  protocol = "HTTP"\n  ...\n}',
    fixed='  protocol = "TCP"',
    evidence=(
        "botocore elbv2 service model, CreateListener.Protocol: For Application Load Balancers, the supported "
        "protocols are HTTP and HTTPS. For Network Load Balancers, the supported protocols are TCP, TLS, UDP, "
        "TCP_UDP, QUIC, and TCP_QUIC.",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html",
    ),
    limits="Only listeners whose load balancer is in the stack and whose protocol is a literal.",
    check=check,
)
