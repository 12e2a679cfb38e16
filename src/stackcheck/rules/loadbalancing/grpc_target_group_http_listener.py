"""SC545: a gRPC or HTTP/2 target group forwarded to from a plain HTTP listener."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.loadbalancing.lbindex import LISTENER, lb_index

VERSION = FieldMap({"aws_lb_target_group": {"version": "protocol_version"},
                    "aws_alb_target_group": {"version": "protocol_version"},
                    "AWS::ElasticLoadBalancingV2::TargetGroup": {"version": "ProtocolVersion"}})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = lb_index(stack)
    seen: set[tuple[str, str]] = set()
    for fwd in idx.forwards:
        if fwd.listener is None or (fwd.source.address, fwd.group.address) in seen:
            continue
        seen.add((fwd.source.address, fwd.group.address))
        version = VERSION.get(fwd.group, "version")
        protocol = LISTENER.get(fwd.listener, "protocol")
        if not isinstance(version, str) or version.upper() not in ("GRPC", "HTTP2"):
            continue
        if not isinstance(protocol, str) or protocol.upper() != "HTTP":
            continue
        yield RULE.finding(
            fwd.source, fwd.attr,
            f"{fwd.group.address} uses protocol version {version.upper()}, but the HTTP listener "
            f"{fwd.listener.address} forwards to it: the action is rejected with InvalidLoadBalancerAction: "
            f"Listener protocol 'HTTP' is not supported with a target group with the protocol-version "
            f"'{version.upper()}'",
            "forward to this target group from an HTTPS listener (gRPC and HTTP/2 to targets need TLS on the "
            "listener), or use protocol version HTTP1",
        )


RULE = Rule(
    id="SC545", name="grpc-target-group-http-listener",
    title="gRPC/HTTP2 target group behind an HTTP listener",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A listener (or a rule of a listener) with protocol HTTP that forwards to a target group whose protocol "
          "version is GRPC or HTTP2.",
    why="Application Load Balancers speak gRPC and HTTP/2 to targets only for HTTPS listeners. The target group "
        "and the listener are each valid alone; the pair fails when the listener or rule is created.",
    error="InvalidLoadBalancerAction: Listener protocol 'HTTP' is not supported with a target group with the "
          "protocol-version 'GRPC'",
    broken='resource "aws_lb_target_group" "api" { protocol_version = "GRPC" ... }\n'
           'resource "aws_lb_listener" "http" { protocol = "HTTP" ... forward to aws_lb_target_group.api }',
    fixed='resource "aws_lb_listener" "https" { protocol = "HTTPS"  certificate_arn = ... }',
    evidence=(
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html"
        "#target-group-protocol-version (gRPC and HTTP/2 protocol versions are supported only with HTTPS listeners)",
        "GitHub code search: 'Listener protocol 'HTTP' is not supported with a target group with the "
        "protocol-version' (Pulumi and Terraform ingress notes)",
    ),
    limits="Only listeners and target groups of the stack with literal protocol and protocol version.",
    check=check,
)
