"""Value constraints generated from botocore and cfn-lint's CloudFormation schemas: the guards that decide
which generated constraints are safe to apply, and their lazy, per-type loading with overrides.

Shared by tools/generate_data.py (which applies the guards when it writes the data) and SC003 (which reads
it). Patterns in both sources are ECMAScript/Java style; `python_pattern` converts or refuses them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from stackcheck.data import _line, load_json

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


@cache
def settings() -> dict[str, Any]:
    return load_json("constraint_settings.json")


def name_tokens(name: str) -> list[str]:
    """`DBInstanceClass` -> [db, instance, class]; `kms_key_id` -> [kms, key, id]."""
    return [w.lower() for part in re.split(r"[_\-.\s]+", name) for w in _WORDS.findall(part)]


def _says(name: str, words: list[str], tokens: list[str]) -> bool:
    flat = "".join(name_tokens(name))
    return any(w in flat for w in words) or any(t in tokens for t in name_tokens(name))


def fast_moving(name: str) -> bool:
    """Does the member's name say it holds a fast-moving value (type, class, version, engine, region, ...)?
    Neither its enum nor its pattern is applied: both lag behind what AWS accepts."""
    cfg = settings()
    return _says(name, cfg["fast_moving_words"], cfg["fast_moving_tokens"])


def enum_is_stable(name: str, values: list[Any]) -> bool:
    """False for enums that SDK models and schemas list incompletely (see constraint_settings.json)."""
    return len(values) <= int(settings()["enum_max_values"]) and not fast_moving(name)


def quota_like(name: str) -> bool:
    """Does the member count things whose maximum is an adjustable quota (brokers, nodes, instances)?"""
    return _says(name, settings()["quota_words"], [])


def length_is_characters(name: str) -> bool:
    """False for members whose length AWS does not count on the text as written (documents, code, blobs)."""
    cfg = settings()
    return not _says(name, cfg["no_length_words"], [])


_PROSE = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}")


def is_placeholder(pattern: str) -> bool:
    """Prose where a regex should be ("See rules in parameter description")."""
    low = pattern.lower()
    return bool(_PROSE.search(pattern)) or any(p in low for p in settings()["placeholder_phrases"])


def python_pattern(pattern: str) -> str | None:
    """An ECMAScript/Java regex as a Python one with the same meaning, or None when that cannot be promised.

    - `$` (outside a class, unescaped) means end of input in ECMAScript; Python's `$` also matches before a
      final newline, so it becomes `\\Z`.
    - `(?<name>` named groups become `(?P<name>`.
    - Constructs Python reads differently or not at all are refused: `\\Z`, `\\z`, `\\A` (not ECMAScript),
      `\\p{...}` classes, `\\Q...\\E`, `\\x{...}`, `\\c` controls, `\\u{...}`, inline flags, and anything that
      does not compile.
    - Python's \\w, \\d, \\s are Unicode-aware, a superset of ECMAScript's ASCII \\w/\\d: values can only pass
      more often, never fail where AWS accepts them.
    """
    if not isinstance(pattern, str) or not pattern or len(pattern) > int(settings()["pattern_max_length"]):
        return None
    if is_placeholder(pattern):
        return None
    if re.search(r"\\[ZzApPQEc]|\\x\{|\\u\{|\(\?[imsxu-]+[:)]", pattern):
        return None
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            elif ch == "[":
                out.append("\\[")  # a literal [ inside a class; Python warns about nested sets
                i += 1
                continue
        elif ch == "[":
            in_class = True
            out.append(ch)
            if pattern[i + 1:i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1:i + 2] == "]":
                return None  # `[]` / `[^]` mean nothing / anything in ECMAScript, an error-prone literal in Python
            i += 1
            continue
        elif ch == "$":
            out.append(r"\Z")
            i += 1
            continue
        elif pattern.startswith("(?<", i) and pattern[i + 3:i + 4] not in ("=", "!"):
            out.append("(?P<")
            i += 3
            continue
        out.append(ch)
        i += 1
    converted = "".join(out)
    try:
        re.compile(converted)
    except (re.error, OverflowError, RecursionError):
        return None
    return converted


def simple_anchored(pattern: str) -> bool:
    """Botocore (Smithy) patterns are not implicitly anchored, and AWS services differ in whether they match
    the whole value: only a pattern anchored at both ends, without lookaround or backreferences, has one
    meaning that a generated check can rely on."""
    if not (pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")):
        return False
    return not re.search(r"\(\?|\\[1-9]|\|\s*\^|\$\s*\|", pattern[1:-1])


@cache
def compiled(pattern: str) -> re.Pattern[str] | None:
    converted = python_pattern(pattern)
    return re.compile(converted) if converted is not None else None


# -- lazy loading, per resource type --------------------------------------------------------------------


@cache
def _overrides() -> dict[str, dict[str, Any]]:
    """constraint_overrides.json: key "TYPE PATH" -> {kind: null (off) | replacement value}."""
    out: dict[str, dict[str, Any]] = {}
    for entry in load_json("constraint_overrides.json")["overrides"]:
        key = f"{entry['type']} {entry['path']}"
        out.setdefault(key, {})[entry["kind"]] = entry.get("value")
    return out


def _apply_overrides(rtype: str, entries: list[list[Any]]) -> list[tuple[str, dict[str, Any]]]:
    table = _overrides()
    out: list[tuple[str, dict[str, Any]]] = []
    for path, spec in entries:
        changes = table.get(f"{rtype} {path}")
        if changes:
            if "*" in changes and changes["*"] is None:
                continue
            spec = dict(spec)
            for kind, value in changes.items():
                if value is None:
                    spec.pop(kind, None)
                else:
                    spec[kind] = value
        out.append((path, spec))
    return out


@cache
def cfn_constraints(resource_type: str) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """(schema file, [(property path, constraint)]) for one CloudFormation type; paths use `*` for list items."""
    entry = _line("cfn_constraints", resource_type)
    if entry is None:
        return "", []
    return entry["f"], _apply_overrides(resource_type, entry["c"])


@cache
def tf_constraints(resource_type: str) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """(API operation, [(argument path, constraint)]) for one Terraform resource type."""
    entry = _line("tf_constraints", resource_type)
    if entry is None:
        return "", []
    return entry["op"], _apply_overrides(resource_type, entry["c"])


def cfn_source() -> dict[str, Any]:
    return load_json("cfn_constraints.idx")["_source"]


def tf_source() -> dict[str, Any]:
    return load_json("tf_constraints.idx")["_source"]
