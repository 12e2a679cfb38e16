"""Evaluated values: plain Python data, plus Unknown for what cannot be known statically.

An Unknown remembers what it refers to (the resource and attribute) and, where the loader can
tell, the *kind* of value it will be at deploy time: an ARN, a KMS key ID, a name... Rules ask
about kinds; they never treat an Unknown as a violation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

# Kinds of values a reference can yield. "arn" is any ARN; the referenced resource type
# (Unknown.target_type) says which service's ARN it is.
ARN = "arn"
KMS_KEY_ID = "kms-key-id"
NAME = "name"
ID = "id"
AZ = "availability-zone"


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value only known at deploy time."""

    ref: str  # what it refers to, as written: "aws_kms_key.data.id", "DataKey.Arn", "var.x"
    kind: str | None = None  # ARN, KMS_KEY_ID, ...; None when the loader cannot tell
    target: str | None = None  # address or logical ID of the referenced resource
    target_type: str | None = None  # its resource type
    attr: str | None = None  # the attribute read from it
    parts: tuple[Any, ...] = field(default=(), compare=False)  # a template's known/unknown pieces

    def __str__(self) -> str:
        if self.parts:
            return "".join(p if isinstance(p, str) else f"${{{p.ref}}}" for p in self.parts)
        return f"${{{self.ref}}}"

    def known_text(self) -> str:
        """The literal pieces of a template, joined; empty for a plain reference."""
        return "".join(p for p in self.parts if isinstance(p, str))


@dataclass(frozen=True, slots=True)
class Encoded:
    """A JSON document (jsonencode, Fn::ToJsonString) that holds unknown values.

    Rules read its structure through `decoded()`; the unknown leaves stay Unknown.
    """

    value: Any

    def __str__(self) -> str:
        return json.dumps(self.value, default=str)


def is_known(value: Any) -> bool:
    """True when the value and everything inside it is known."""
    if isinstance(value, Unknown | Encoded):
        return False
    if isinstance(value, dict):
        return all(is_known(v) for v in value.values())
    if isinstance(value, list):
        return all(is_known(v) for v in value)
    return True


def decoded(value: Any) -> Any:
    """A JSON document's structure, whether given as text, as Encoded, or already as data."""
    if isinstance(value, Encoded):
        return value.value
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def as_bool(value: Any) -> bool | None:
    """A boolean the way AWS and the provider read it ("true"/"false" strings included)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        low = value.strip().lower()
        if low == "true":
            return True
        if low == "false":
            return False
    return None


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def as_list(value: Any) -> list[Any]:
    """Nested blocks and repeated properties come as a list, a single mapping, or nothing."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def text(value: Any) -> str:
    """A value as the user would read it in a message."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def pieces(value: Any) -> tuple[Any, ...]:
    """A template's pieces (literal text and references), or the value itself as one piece."""
    if isinstance(value, Unknown) and value.parts:
        return value.parts
    return (value,)
