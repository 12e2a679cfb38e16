"""YAML and JSON documents as Python data plus the line of every key, via PyYAML's C composer.

CloudFormation short-form tags (!Ref, !Sub, !GetAtt, ...) become their long forms
({"Ref": ...}, {"Fn::Sub": ...}). JSON is read by the same composer (JSON is YAML), so both
keep exact lines. Alias expansion is budgeted so that a "billion laughs" document is an input
error, not a hang, and nesting is bounded before libyaml's recursive composer sees the document
(it overflows the C stack, a segfault, somewhere past 10,000 levels).
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
# Nodes converted again through an alias: real templates reuse a few small anchors, while a
# "billion laughs" document reuses exponentially; stop it early instead of after 2M nodes.
_MAX_ALIASED = 100_000
# Real templates, plans and .tf.json files nest a few dozen levels; the evaluators and rules
# recurse once or twice per level, well inside Python's default limit at this depth.
MAX_DEPTH = 200
_SCALAR = yaml.constructor.SafeConstructor()
_PLAIN_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
               "tag:yaml.org,2002:null"}
_TAG_LONG = {"!Ref": "Ref", "!Condition": "Condition"}


def load_with_lines(path: str, data: bytes,
                    duplicates: list[tuple[str, int, int]] | None = None) -> tuple[Any, dict[str, int]]:
    """Parse one YAML or JSON document; return (data, {dotted path: line}).

    A key repeated in one mapping keeps its last value (as CloudFormation does), or, when both values
    are mappings, their merge (as Terraform's JSON syntax does for blocks); with `duplicates`, each
    repeat is recorded there as (dotted path, line, first line).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, "not valid UTF-8 text") from None
    _check_depth(path, text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        fallback = _json_without_lines(text)
        if fallback is not None:
            return fallback, {}
        mark = exc.problem_mark or exc.context_mark
        # At the end of a file without a final newline libyaml marks the line after the last one.
        line = min(mark.line + 1, text.count("\n") + 1) if mark else 1
        raise InputError(path, line, f"invalid YAML/JSON: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (control characters...)
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else 1
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError(path, line, f"invalid YAML/JSON: unacceptable character {char} ({exc.reason})") from None
    except yaml.YAMLError as exc:
        raise InputError(path, 1, f"invalid YAML/JSON: {exc}") from None
    if node is None:
        return None, {}
    lines: dict[str, int] = {}
    budget = [_MAX_NODES, _MAX_ALIASED]
    dups = duplicates if duplicates is not None else []
    try:
        value = _convert(node, "", lines, budget, path, 0, dups, set(), False)
    except RecursionError:
        raise InputError(path, node.start_mark.line + 1, "document is nested too deeply") from None
    return value, lines


def _too_deep(path: str, line: int) -> InputError:
    return InputError(path, line, f"document is nested more than {MAX_DEPTH} levels deep")


def _check_depth(path: str, text: str) -> None:
    """Refuse a document nested deeper than MAX_DEPTH before composing it.

    A block collection is indented deeper than its parent (its indicators "- " and "? " included)
    and a flow collection opens with a bracket, so a document whose deepest indentation and bracket
    count are both small cannot be deep: the common case costs a count and a pass over the lines.
    Otherwise libyaml's event stream (iterative, no recursion) gives the depth.
    """
    brackets = text.count("[") + text.count("{")
    if brackets <= MAX_DEPTH and max((len(x) - len(x.lstrip(" -?")) for x in text.splitlines()), default=0) < MAX_DEPTH:
        return
    if text.lstrip().startswith(("{", "[")):
        import json

        try:
            json.loads(text)  # C scanner, bounded by the recursion limit: cheap for one-line plans
            return  # shallow enough for the composer; _convert enforces MAX_DEPTH with a line
        except (RecursionError, ValueError):
            pass  # too deep, or not strict JSON: measured below
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(path, event.start_mark.line + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # the composer reports the syntax error with its line


def _merge(into: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    for k, v in more.items():
        into[k] = _merge(into[k], v) if isinstance(into.get(k), dict) and isinstance(v, dict) else v
    return into


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


def _convert(node: Any, path: str, lines: dict[str, int], budget: list[int], file: str, depth: int,
             dups: list[tuple[str, int, int]], seen: set[int], aliased: bool) -> Any:
    budget[0] -= 1
    if isinstance(node, yaml.CollectionNode):
        aliased = aliased or id(node) in seen  # converted before: reached again through an alias
        seen.add(id(node))
    if aliased:
        budget[1] -= 1
    if budget[0] < 0 or budget[1] < 0:
        raise InputError(file, node.start_mark.line + 1,
                         "document expands to too many nodes (YAML alias bomb?)")
    if depth > MAX_DEPTH:
        raise _too_deep(file, node.start_mark.line + 1)
    tag = node.tag
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(file, key_node.start_mark.line + 1, "mapping keys must be plain scalars")
            key = str(key_node.value)
            sub = f"{path}.{key}" if path else key
            again = key in out
            if again:
                dups.append((sub, key_node.start_mark.line + 1, lines.get(sub, 1)))
            lines.setdefault(sub, key_node.start_mark.line + 1)
            got = _convert(value_node, sub, lines, budget, file, depth + 1, dups, seen, aliased)
            # A repeated key whose values are both mappings merges them, as Terraform's JSON syntax does
            # for blocks ({"resource": {...}, "resource": {...}}); otherwise the last value wins.
            out[key] = _merge(out[key], got) if again and isinstance(out[key], dict) and isinstance(got, dict) else got
        value: Any = out
    elif isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            sub = f"{path}.{i}" if path else str(i)
            lines.setdefault(sub, item.start_mark.line + 1)
            items.append(_convert(item, sub, lines, budget, file, depth + 1, dups, seen, aliased))
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
