"""Where data stores are placed: the subnets a value names and their availability zones.

Shared by the subnet-group and mount-target rules. A value may be a list of references, a splat of a
counted aws_subnet (`aws_subnet.data[*].id`) or one reference; anything else is unknown (None).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown
from stackcheck.rules.network.topology import SUBNET_TYPES, az_key

_last: tuple[Stack, dict[str, list[Resource]]] | None = None


def instances(stack: Stack, base: str) -> list[Resource]:
    """Every instance (count/for_each) of a resource block, by its base address; built once per stack."""
    global _last
    if _last is None or _last[0] is not stack:
        index: dict[str, list[Resource]] = defaultdict(list)
        for res in stack.resources:
            index[res.base_address].append(res)
        _last = (stack, index)
    return _last[1].get(base, [])


def _one(stack: Stack, value: Any) -> list[Resource] | None:
    if not isinstance(value, Unknown) or value.parts or not value.target:
        return None
    target = stack.by_address.get(value.target)
    if target is None or target.type not in SUBNET_TYPES:
        return None
    if value.target == target.base_address and target.address != target.base_address:
        return instances(stack, target.base_address)  # a splat over a counted subnet block
    return [target]


def subnets_of(stack: Stack, value: Any) -> list[Resource] | None:
    """The stack's subnets a subnet list (or single subnet) names; None when any of them is not known."""
    if isinstance(value, list):
        out: list[Resource] = []
        for item in value:
            got = _one(stack, item)
            if got is None:
                return None
            out.extend(got)
        return out
    return _one(stack, value)


def azs_of(subnets: list[Resource]) -> set[str] | None:
    """The availability zones of subnets; None when the zone of any of them is not known statically."""
    out = set()
    for subnet in subnets:
        az = az_key(subnet)
        if az is None:
            return None
        out.add(az)
    return out


def az_label(az: str) -> str:
    """An AZ as a user reads it: the name, or the Fn::GetAZs index it was selected by."""
    match = re.fullmatch(r"az\[(\d+)\]", az)
    return f"Fn::GetAZs index {match.group(1)}" if match else az
