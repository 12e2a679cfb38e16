"""CIDR arithmetic for network rules: parsing, containment, overlap, sizes and AZ coverage.

Everything here takes evaluated values and answers None (or skips the value) when a value is not a
literal: an Unknown CIDR or AZ is never guessed.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Hashable, Iterable
from typing import Any

from stackcheck.model.values import Unknown

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# IPv4 VPC and subnet block sizes AWS accepts: "The allowed block size is between a /16 netmask
# (65,536 IP addresses) and /28 netmask (16 IP addresses)."
# https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
# https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
IPV4_MIN_PREFIX = 16
IPV4_MAX_PREFIX = 28
# The first four and the last address of every subnet are reserved (same subnet-sizing page).
RESERVED_PER_SUBNET = 5


def parse(value: Any) -> Network | None:
    """The network a literal CIDR names (host bits ignored), else None."""
    if not isinstance(value, str) or "/" not in value:
        return None
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None


def is_network_address(value: str) -> bool:
    """True when the CIDR has no host bits set ("10.0.1.0/24", not "10.0.1.5/24")."""
    try:
        ipaddress.ip_network(value.strip(), strict=True)
    except ValueError:
        return False
    return True


def contains(outer: Network, inner: Network) -> bool:
    return outer.version == inner.version and inner.subnet_of(outer)  # type: ignore[arg-type]


def within_any(inner: Network, outers: Iterable[Network]) -> bool:
    return any(contains(o, inner) for o in outers)


def overlaps(a: Network, b: Network) -> bool:
    return a.version == b.version and a.overlaps(b)  # type: ignore[arg-type]


def usable_addresses(net: Network) -> int:
    """Addresses left for interfaces in a subnet once AWS has taken its five."""
    return max(net.num_addresses - RESERVED_PER_SUBNET, 0)


def ipv4_size_allowed(net: Network) -> bool:
    return net.version != 4 or IPV4_MIN_PREFIX <= net.prefixlen <= IPV4_MAX_PREFIX


def overlapping_pairs(items: Iterable[tuple[Hashable, Network]]) -> list[tuple[Hashable, Hashable]]:
    """(earlier, later) keys of overlapping networks, found by one sweep over the sorted ranges.

    Each network is paired with the one reaching furthest among those before it, which is enough to
    report every network that overlaps some other (n log n, not n^2).
    """
    listed = list(items)
    out: list[tuple[Hashable, Hashable]] = []
    for version in (4, 6):
        ranges = sorted((int(n.network_address), -int(n.broadcast_address), i)
                        for i, (_, n) in enumerate(listed) if n.version == version)
        reach: tuple[int, Hashable] | None = None  # furthest end seen so far, and whose it is
        for start, neg_end, i in ranges:
            key, end = listed[i][0], -neg_end
            if reach is not None and start <= reach[0]:
                out.append((reach[1], key))
            if reach is None or end > reach[0]:
                reach = (end, key)
    return out


def az_label(value: Any) -> str | None:
    """A comparable label for an availability zone value: the literal name or ID, or the index of
    CloudFormation's Fn::Select over Fn::GetAZs ("az[1]"); None when unknown."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, Unknown) and value.kind == "availability-zone":
        return value.ref
    return None


def distinct_azs(values: Iterable[Any]) -> set[str] | None:
    """The distinct AZ labels of some subnets' AZ values; None when any of them is not known."""
    labels: set[str] = set()
    for value in values:
        label = az_label(value)
        if label is None:
            return None
        labels.add(label)
    return labels


def describe_az(label: str) -> str:
    """An AZ label as a user reads it: a name, or the CloudFormation expression that picks it."""
    match = re.fullmatch(r"az\[(\d+)\]", label)
    return f"!Select [{match.group(1)}, !GetAZs ''] ({label})" if match else label


def is_local_zone(label: str) -> bool:
    """A Local Zone or Wavelength Zone name ("us-west-2-lax-1a") or ID ("usw2-lax1-az1"), where a single
    zone is allowed for an ALB."""
    parts = label.split("-")
    return len(parts) > 3 or (len(parts) == 3 and parts[-1].startswith("az"))


def duplicate_azs(pairs: Iterable[tuple[Hashable, Any]]) -> dict[str, list[Hashable]]:
    """AZ label -> keys, for the labels that two or more keys share; unknown AZs are left out."""
    by_az: dict[str, list[Hashable]] = {}
    for key, value in pairs:
        label = az_label(value)
        if label is not None:
            by_az.setdefault(label, []).append(key)
    return {az: keys for az, keys in by_az.items() if len(keys) > 1}
