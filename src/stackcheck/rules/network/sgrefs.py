"""Security group references in every spelling: inline rules, separate rule resources, both frameworks.
Shared by the rules that compare a security group with what it references or is attached to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_list

SG_TYPES = ("aws_security_group", "AWS::EC2::SecurityGroup")
# Inline rule blocks: (list attribute, key naming referenced groups).
INLINE = {
    "aws_security_group": (("ingress", "security_groups"), ("egress", "security_groups")),
    "AWS::EC2::SecurityGroup": (("SecurityGroupIngress", "SourceSecurityGroupId"),
                                ("SecurityGroupEgress", "DestinationSecurityGroupId")),
}
# Separate rule resources: (attribute naming the owning group, attribute naming the referenced group).
SEPARATE = {
    "aws_security_group_rule": ("security_group_id", "source_security_group_id"),
    "aws_vpc_security_group_ingress_rule": ("security_group_id", "referenced_security_group_id"),
    "aws_vpc_security_group_egress_rule": ("security_group_id", "referenced_security_group_id"),
    "AWS::EC2::SecurityGroupIngress": ("GroupId", "SourceSecurityGroupId"),
    "AWS::EC2::SecurityGroupEgress": ("GroupId", "DestinationSecurityGroupId"),
}
PEERING = {"aws_vpc_peering_connection": ("vpc_id", "peer_vpc_id"),
           "AWS::EC2::VPCPeeringConnection": ("VpcId", "PeerVpcId")}


@dataclass
class GroupReference:
    rule: Resource  # where the reference is written
    attr: str  # its path, for the line
    group: Resource | None  # the security group the rule belongs to
    referenced: Any  # the referenced group value as written


def group_references(stack: Stack) -> Iterator[GroupReference]:
    for sg in stack.of_type(*INLINE):
        for block_attr, key in INLINE[sg.type]:
            for i, block in enumerate(as_list(sg.get(block_attr))):
                if not isinstance(block, dict):
                    continue
                for j, ref in enumerate(as_list(block.get(key))):
                    path = f"{block_attr}.{i}.{key}" + (f".{j}" if sg.framework == "terraform" else "")
                    yield GroupReference(sg, path, sg, ref)
    for rule in stack.of_type(*SEPARATE):
        owner_attr, ref_attr = SEPARATE[rule.type]
        ref = rule.get(ref_attr)
        if ref is not None:
            owner = stack.resolve(rule.get(owner_attr))
            yield GroupReference(rule, ref_attr, owner if owner is not None and owner.type in SG_TYPES else None, ref)


def peered_vpcs(stack: Stack) -> tuple[set[frozenset[str]], bool]:
    """Pairs of VPC addresses joined by a peering connection in the stack, and whether some peering has a
    side that is not a stack VPC (then any pair may be peered)."""
    pairs: set[frozenset[str]] = set()
    open_ended = False
    for pcx in stack.of_type(*PEERING):
        a, b = (stack.resolve(pcx.get(k)) for k in PEERING[pcx.type])
        if a is None or b is None:
            open_ended = True
        else:
            pairs.add(frozenset((a.address, b.address)))
    return pairs, open_ended
