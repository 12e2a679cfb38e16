"""YAML and JSON documents as Python data plus the line of every key, via PyYAML's C composer.

CloudFormation short-form tags (!Ref, !Sub, !GetAtt, ...) become their long forms
({"Ref": ...}, {"Fn::Sub": ...}). JSON is read by the same composer (JSON is YAML), so both
keep exact lines. Alias expansion is budgeted so that a "billion laughs" document is an input
error, not a hang.
"""

from __future__ import annotations

from typing import Any

import yaml

from stackcheck.errors import InputError

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_MAX_NODES = 2_000_000
_SCALAR = yaml.constructor.SafeConstructor()
_PLAIN_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
               "tag:yaml.org,2002:null"}
_TAG_LONG = {"!Ref": "Ref", "!Condition": "Condition"}


def load_with_lines(path: str, data: bytes) -> tuple[Any, dict[str, int]]:
    """Parse one YAML or JSON document; return (data, {dotted path: line})."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, "not valid UTF-8 text") from None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        fallback = _json_without_lines(text)
        if fallback is not None:
            return fallback, {}
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise InputError(path, line, f"invalid YAML/JSON: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise InputError(path, 1, f"invalid YAML/JSON: {exc}") from None
    if node is None:
        return None, {}
    lines: dict[str, int] = {}
    budget = [_MAX_NODES]
    try:
        value = _convert(node, "", lines, budget, path)
    except RecursionError:
        raise InputError(path, node.start_mark.line + 1, "document is nested too deeply") from None
    return value, lines


def _json_without_lines(text: str) -> Any | None:
    """libyaml refuses some valid JSON (surrogate-pair escapes such as \\ud83d\\ude00); read it with
    the json module instead, at the cost of per-key lines (findings then point at line 1)."""
    if not text.lstrip().startswith(("{", "[")):
        return None
    import json

    try:
        return json.loads(text)
    except ValueError:
        return None


def _convert(node: Any, path: str, lines: dict[str, int], budget: list[int], file: str) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise InputError(file, node.start_mark.line + 1,
                         "document expands to too many nodes (YAML alias bomb?)")
    tag = node.tag
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(file, key_node.start_mark.line + 1, "mapping keys must be plain scalars")
            key = str(key_node.value)
            sub = f"{path}.{key}" if path else key
            lines.setdefault(sub, key_node.start_mark.line + 1)
            out[key] = _convert(value_node, sub, lines, budget, file)
        value: Any = out
    elif isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            sub = f"{path}.{i}" if path else str(i)
            lines.setdefault(sub, item.start_mark.line + 1)
            items.append(_convert(item, sub, lines, budget, file))
        value = items
    else:
        if tag in _PLAIN_TAGS:
            try:
                value = _SCALAR.construct_object(node)
            except (yaml.YAMLError, ValueError):
                value = node.value
        else:
            value = node.value
    if tag.startswith("!"):
        if tag == "!GetAtt" and isinstance(value, str):
            resource, _, attribute = value.partition(".")
            value = [resource, attribute]
        return {_TAG_LONG.get(tag, "Fn::" + tag[1:]): value}
    return value
