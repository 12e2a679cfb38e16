"""Terraform version constraints (`>= 1.5, < 2.0`, `~> 5.0`): parsed once, used by every rule that reads them."""

from __future__ import annotations

import re

_CONSTRAINT = re.compile(r"^\s*(>=|<=|~>|!=|=|>|<)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?")

Version = tuple[int, int, int]


def parse_constraints(text: str) -> list[tuple[str, Version, int]]:
    """`>= 1.5.0, < 1.10.0` -> [(op, version, number of parts given)]."""
    out: list[tuple[str, Version, int]] = []
    for piece in text.split(","):
        m = _CONSTRAINT.match(piece)
        if not m:
            continue
        op = m.group(1) or "="
        parts = [int(x) for x in m.groups()[1:] if x is not None]
        major, minor, patch = [*parts, 0, 0][:3]
        out.append((op, (major, minor, patch), len(parts)))
    return out


def admits(constraints: list[tuple[str, Version, int]], v: Version) -> bool:
    for op, c, n in constraints:
        if op == "~>":
            upper = (c[0] + 1, 0, 0) if n <= 2 else (c[0], c[1] + 1, 0)
            if not (c <= v < upper):
                return False
        elif not {">=": v >= c, "<=": v <= c, ">": v > c, "<": v < c, "=": v == c, "!=": v != c}[op]:
            return False
    return True


def parse_version(text: str) -> Version | None:
    m = _CONSTRAINT.match(text)
    if not m or m.group(1):
        return None
    parts = [int(x) for x in m.groups()[1:] if x is not None]
    major, minor, patch = [*parts, 0, 0][:3]
    return (major, minor, patch)
