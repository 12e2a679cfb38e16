"""Load balancers, listeners and target groups as data, built once per stack and shared by the
load-balancing rules: which listeners a load balancer has, which target groups each listener forwards to,
which load balancers a target group serves."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_bool, as_list
from stackcheck.rules.base import FieldMap
from stackcheck.rules.network.vpcindex import per_stack, vpc_index

LB = FieldMap({
    "aws_lb": {"type": "load_balancer_type", "subnets": "subnets", "mappings": "subnet_mapping",
               "sgs": "security_groups", "internal": "internal"},
    "aws_alb": {"type": "load_balancer_type", "subnets": "subnets", "mappings": "subnet_mapping",
                "sgs": "security_groups", "internal": "internal"},
    "AWS::ElasticLoadBalancingV2::LoadBalancer": {"type": "Type", "subnets": "Subnets", "mappings": "SubnetMappings",
                                                  "sgs": "SecurityGroups", "scheme": "Scheme"},
})
LISTENER = FieldMap({
    "aws_lb_listener": {"lb": "load_balancer_arn", "protocol": "protocol", "port": "port",
                        "cert": "certificate_arn", "actions": "default_action"},
    "aws_alb_listener": {"lb": "load_balancer_arn", "protocol": "protocol", "port": "port",
                         "cert": "certificate_arn", "actions": "default_action"},
    "AWS::ElasticLoadBalancingV2::Listener": {"lb": "LoadBalancerArn", "protocol": "Protocol", "port": "Port",
                                              "cert": "Certificates", "actions": "DefaultActions"},
})
LISTENER_RULE = FieldMap({
    "aws_lb_listener_rule": {"listener": "listener_arn", "actions": "action"},
    "aws_alb_listener_rule": {"listener": "listener_arn", "actions": "action"},
    "AWS::ElasticLoadBalancingV2::ListenerRule": {"listener": "ListenerArn", "actions": "Actions"},
})
TARGET_GROUP = FieldMap({
    "aws_lb_target_group": {"protocol": "protocol", "target_type": "target_type", "vpc": "vpc_id", "port": "port"},
    "aws_alb_target_group": {"protocol": "protocol", "target_type": "target_type", "vpc": "vpc_id", "port": "port"},
    "AWS::ElasticLoadBalancingV2::TargetGroup": {"protocol": "Protocol", "target_type": "TargetType", "vpc": "VpcId",
                                                 "port": "Port"},
})
# Listener and target group protocols per load balancer type. Source: botocore elbv2 service model,
# CreateListener.Protocol and CreateTargetGroup.Protocol documentation ("For Application Load Balancers, the
# supported protocols are HTTP and HTTPS. For Network Load Balancers, the supported protocols are TCP, TLS,
# UDP, TCP_UDP, QUIC, and TCP_QUIC. ... For Gateway Load Balancers, the supported protocol is GENEVE.").
PROTOCOLS = {"application": ("HTTP", "HTTPS"), "network": ("TCP", "TLS", "UDP", "TCP_UDP", "QUIC", "TCP_QUIC"),
             "gateway": ("GENEVE",)}
# Listener protocols that need a certificate (CreateListener.Certificates: "[HTTPS and TLS listeners] ... You
# must provide exactly one certificate").
SECURE = ("HTTPS", "TLS")


@dataclass
class Forward:
    """A listener or listener rule that forwards to a target group."""

    source: Resource  # the listener or listener rule
    listener: Resource | None
    attr: str  # the action attribute, for the finding's line
    group: Resource


@dataclass
class LbIndex:
    stack: Stack
    lb_of_listener: dict[str, Resource] = field(default_factory=dict)
    forwards: list[Forward] = field(default_factory=list)
    forwards_to: dict[str, list[Forward]] = field(default_factory=lambda: defaultdict(list))  # TG -> forwards

    def lb_type(self, lb: Resource) -> str | None:
        value = LB.get(lb, "type", "application")
        return value if isinstance(value, str) else None

    def internet_facing(self, lb: Resource) -> bool | None:
        if LB.has_field(lb, "internal"):
            internal = as_bool(LB.get(lb, "internal", False))
            return None if internal is None else not internal
        scheme = LB.get(lb, "scheme", "internet-facing")
        return scheme == "internet-facing" if isinstance(scheme, str) else None

    def subnets(self, lb: Resource) -> list[Resource] | None:
        """The stack subnets a load balancer is placed in; None when any is not known."""
        idx = vpc_index(self.stack)
        mappings = LB.get(lb, "mappings")
        if mappings:
            values: list[Any] = [m.get("subnet_id", m.get("SubnetId")) for m in as_list(mappings) if isinstance(m, dict)]
            if len(values) != len(as_list(mappings)):
                return None
            return idx.targets(values)
        value = LB.get(lb, "subnets")
        return idx.targets(value) if value is not None else None

    def vpc(self, lb: Resource) -> Resource | None:
        """The VPC of a load balancer's subnets, when they are all known and agree."""
        subnets = self.subnets(lb)
        if not subnets:
            return None
        vpcs = [vpc_index(self.stack).vpc_of(s) for s in subnets]
        first = vpcs[0]
        return first if first is not None and all(v is first for v in vpcs) else None

    def load_balancers_of(self, group: Resource) -> dict[str, Resource]:
        return {f.listener.address: self.lb_of_listener[f.listener.address] for f in self.forwards_to.get(
            group.address, []) if f.listener is not None and f.listener.address in self.lb_of_listener}


def action_groups(action: dict[str, Any]) -> list[Any]:
    """Target group values an action forwards to, in either framework's spelling."""
    out = []
    for key in ("target_group_arn", "TargetGroupArn"):
        if action.get(key) is not None:
            out.append(action[key])
    for fwd in as_list(action.get("forward")) + as_list(action.get("ForwardConfig")):
        if isinstance(fwd, dict):
            for tg in as_list(fwd.get("target_group")) + as_list(fwd.get("TargetGroups")):
                if isinstance(tg, dict) and (tg.get("arn") or tg.get("TargetGroupArn")) is not None:
                    out.append(tg.get("arn") or tg.get("TargetGroupArn"))
    return out


def _build(stack: Stack) -> LbIndex:
    idx = LbIndex(stack)
    for listener in LISTENER.resources(stack):
        lb = stack.resolve(LISTENER.get(listener, "lb"))
        if lb is not None and lb.type in LB.types:
            idx.lb_of_listener[listener.address] = lb
    sources = [(r, r, LISTENER) for r in LISTENER.resources(stack)]
    for rule in LISTENER_RULE.resources(stack):
        listener = stack.resolve(LISTENER_RULE.get(rule, "listener"))
        sources.append((rule, listener if listener is not None and listener.type in LISTENER.types else None,
                        LISTENER_RULE))
    for source, listener, fmap in sources:
        attr = fmap.name(source, "actions") or ""
        for action in as_list(fmap.get(source, "actions")):
            if not isinstance(action, dict):
                continue
            for value in action_groups(action):
                group = stack.resolve(value)
                if group is not None and group.type in TARGET_GROUP.types:
                    fwd = Forward(source, listener, attr, group)
                    idx.forwards.append(fwd)
                    idx.forwards_to[group.address].append(fwd)
    return idx


lb_index = per_stack(_build)
