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
def _tf_index() -> dict[str, list[int]]:
    return load_json("tf_aws_schema.idx")["index"]


@cache
def tf_resource_schema(resource_type: str) -> dict[str, Any] | None:
    """One resource type's provider schema, read by seeking to its line (no full parse)."""
    entry = _tf_index().get(resource_type)
    if entry is None:
        return None
    offset, length = entry
    with open(DATA / "tf_aws_schema.jsonl", "rb") as fh:
        fh.seek(offset)
        return json.loads(fh.read(length))


def tf_schema_source() -> dict[str, Any]:
    return load_json("tf_aws_schema.idx")["_source"]


def cfn_kinds(resource_type: str) -> dict[str, Any]:
    return load_json("cfn_kinds.json")["types"].get(resource_type, {})
