"""CIDR arithmetic shared by the network rules."""

from __future__ import annotations

import ipaddress
import random

from stackcheck.model import cidr
from stackcheck.model.values import Unknown


def test_parse_literals_only() -> None:
    assert cidr.parse("10.0.1.0/24") == ipaddress.ip_network("10.0.1.0/24")
    assert cidr.parse("10.0.1.5/24") == ipaddress.ip_network("10.0.1.0/24")  # host bits dropped
    assert cidr.parse("2001:db8::/56") is not None
    assert cidr.parse("10.0.1.0") is None
    assert cidr.parse("nonsense/24") is None
    assert cidr.parse(Unknown(ref="var.cidr")) is None
    assert cidr.parse(None) is None


def test_network_address() -> None:
    assert cidr.is_network_address("10.0.1.0/24")
    assert not cidr.is_network_address("10.0.1.5/24")


def test_containment_and_overlap() -> None:
    vpc = ipaddress.ip_network("10.20.0.0/16")
    assert cidr.contains(vpc, ipaddress.ip_network("10.20.3.0/24"))
    assert not cidr.contains(vpc, ipaddress.ip_network("10.21.3.0/24"))
    assert not cidr.contains(vpc, ipaddress.ip_network("2001:db8::/64"))  # other family: never inside
    assert cidr.within_any(ipaddress.ip_network("100.64.1.0/24"),
                           [vpc, ipaddress.ip_network("100.64.0.0/16")])
    assert cidr.overlaps(ipaddress.ip_network("10.0.0.0/24"), ipaddress.ip_network("10.0.0.128/25"))
    assert not cidr.overlaps(ipaddress.ip_network("10.0.0.0/25"), ipaddress.ip_network("10.0.0.128/25"))


def test_sizes() -> None:
    assert cidr.usable_addresses(ipaddress.ip_network("10.0.0.0/28")) == 11
    assert cidr.usable_addresses(ipaddress.ip_network("10.0.0.0/24")) == 251
    assert cidr.ipv4_size_allowed(ipaddress.ip_network("10.0.0.0/16"))
    assert cidr.ipv4_size_allowed(ipaddress.ip_network("10.0.0.0/28"))
    assert not cidr.ipv4_size_allowed(ipaddress.ip_network("10.0.0.0/15"))
    assert not cidr.ipv4_size_allowed(ipaddress.ip_network("10.0.0.0/29"))
    assert cidr.ipv4_size_allowed(ipaddress.ip_network("2001:db8::/64"))  # IPv6 has its own rules


def _nets(*texts: str) -> list[tuple[str, cidr.Network]]:
    return [(t, ipaddress.ip_network(t)) for t in texts]


def test_overlapping_pairs() -> None:
    assert cidr.overlapping_pairs(_nets("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24")) == []
    assert cidr.overlapping_pairs(_nets("10.0.1.0/24", "10.0.0.0/16")) == [("10.0.0.0/16", "10.0.1.0/24")]
    pairs = cidr.overlapping_pairs(_nets("10.0.0.0/23", "10.0.1.0/24", "10.0.0.0/24", "10.0.4.0/24"))
    assert {p[1] for p in pairs} == {"10.0.1.0/24", "10.0.0.0/24"}
    # IPv4 and IPv6 blocks never overlap each other.
    assert cidr.overlapping_pairs(_nets("10.0.0.0/24", "::/0")) == []


def test_overlapping_pairs_reports_every_overlapping_network() -> None:
    """Against brute force: every network overlapping an earlier-sorted one is reported."""
    rng = random.Random(7)
    for _ in range(200):
        texts = {f"10.0.{rng.randrange(0, 16)}.0/{rng.choice([20, 22, 23, 24])}" for _ in range(6)}
        nets = [(t, ipaddress.ip_network(t, strict=False)) for t in sorted(texts)]
        nets = list({n: (t, n) for t, n in nets}.values())  # distinct networks
        reported = {b for _, b in cidr.overlapping_pairs(nets)} | {a for a, _ in cidr.overlapping_pairs(nets)}
        expected = {t for t, n in nets if any(o != n and o.overlaps(n) for _, o in nets)}
        assert reported == expected, nets


def test_az_coverage() -> None:
    az0 = Unknown(ref="az[0]", kind="availability-zone")
    az1 = Unknown(ref="az[1]", kind="availability-zone")
    assert cidr.distinct_azs(["eu-west-1a", "eu-west-1b", "eu-west-1a"]) == {"eu-west-1a", "eu-west-1b"}
    assert cidr.distinct_azs([az0, az1]) == {"az[0]", "az[1]"}
    assert cidr.distinct_azs(["eu-west-1a", Unknown(ref="var.az")]) is None
    assert cidr.duplicate_azs([("a", az0), ("b", az0), ("c", az1), ("d", None)]) == {"az[0]": ["a", "b"]}
