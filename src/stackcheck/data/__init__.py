"""Generated data (tools/generate_data.py), loaded lazily: nothing here is read at import."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent


@cache
def load_json(name: str) -> Any:
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _index(name: str) -> dict[str, list[int]]:
    return load_json(f"{name}.idx")["index"]


def _line(name: str, key: str) -> dict[str, Any] | None:
    """One entry of a `.jsonl` data file, read by seeking to its line (no full parse)."""
    entry = _index(name).get(key)
    if entry is None:
        return None
    offset, length = entry
    with open(DATA / f"{name}.jsonl", "rb") as fh:
        fh.seek(offset)
        return json.loads(fh.read(length))


@cache
def tf_resource_schema(resource_type: str) -> dict[str, Any] | None:
    """One resource type's Terraform provider schema."""
    return _line("tf_aws_schema", resource_type)


@cache
def cfn_resource_schema(resource_type: str) -> dict[str, Any] | None:
    """One CloudFormation type's top-level properties (cfn-lint's schema, compacted)."""
    return _line("cfn_schema", resource_type)



def tf_schema_source() -> dict[str, Any]:
    return load_json("tf_aws_schema.idx")["_source"]


def cfn_kinds(resource_type: str) -> dict[str, Any]:
    return load_json("cfn_kinds.json")["types"].get(resource_type, {})
