"""Terraform files as a light syntax tree: bodies of attributes and blocks, with lines.

Native syntax (.tf) is parsed with tree-sitter-hcl, which gives every node its position and the
full expression tree. JSON syntax (.tf.json) is parsed with the same YAML node composer the
CloudFormation loader uses, so every value keeps its line too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from stackcheck.errors import InputError


@dataclass(slots=True)
class JsonExpr:
    """A value from a .tf.json file: strings are templates, the rest is literal data."""

    value: Any
    line: int
    lines: dict[str, int] = field(default_factory=dict)  # dotted sub-path -> line


@dataclass(slots=True)
class Attr:
    name: str
    expr: Any  # tree_sitter.Node (native syntax) or JsonExpr
    line: int


@dataclass(slots=True)
class Block:
    type: str
    labels: list[str]
    body: Body
    line: int
    end_line: int
    file: str
    source: bytes = b""  # the file's bytes, to read node text


@dataclass(slots=True)
class Body:
    attrs: dict[str, Attr] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    source: bytes = b""

    def blocks_of(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.type == kind]


@lru_cache(maxsize=1)
def _parser() -> Any:
    import tree_sitter
    import tree_sitter_hcl

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))


def parse_expression_source(source: bytes) -> Any:
    """Parse `source` as the body of a one-attribute file and return its expression node."""
    tree = _parser().parse(source)
    return tree


def _first_error(node: Any) -> Any | None:
    if not node.has_error:
        return None
    stack = [node]
    while stack:
        cur = stack.pop()
        if cur.type == "ERROR" or cur.is_missing:
            return cur
        if cur.has_error:
            stack.extend(reversed(cur.children))
    return node


def node_text(node: Any) -> str:
    return node.text.decode("utf-8", "replace")


def _label(node: Any) -> str:
    if node.type == "identifier":
        return node_text(node)
    lit = [c for c in node.children if c.type == "template_literal"]
    return node_text(lit[0]) if lit else ""


# tree-sitter-hcl needs about 3 s and 250 MB per MB of string literal (measured, 0.26 / hcl 1.2), so a
# native-syntax file is bounded by size; hand-written files are far smaller, generated ones use JSON.
MAX_HCL_BYTES = 2 << 20


def parse_hcl(path: str, data: bytes) -> Body:
    if len(data) > MAX_HCL_BYTES:
        raise InputError(path, 1, f"file is {len(data) / (1 << 20):.1f} MB: stackcheck parses native Terraform files up "
                         f"to {MAX_HCL_BYTES >> 20} MB (split it, or generate .tf.json)")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:  # Terraform: "Invalid character encoding"
        raise InputError(path, data[: exc.start].count(b"\n") + 1,
                         "not valid UTF-8 text (Terraform requires UTF-8 configuration files)") from None
    tree = _parser().parse(data)
    err = _first_error(tree.root_node)
    if err is not None:
        line = err.start_point[0] + 1
        lines = data.splitlines()
        # A missing token at the very end sits on the line after the last one.
        snippet = lines[line - 1].decode("utf-8", "replace").strip() if 0 < line <= len(lines) else ""
        what = "unexpected end of file" if err.is_missing or not snippet else f"cannot parse {snippet[:60]!r}"
        raise InputError(path, line, f"invalid HCL: {what}")
    body_node = next((c for c in tree.root_node.children if c.type == "body"), None)
    if body_node is None:
        return Body(source=data)
    try:
        return _body(body_node, path, data)
    except RecursionError:
        raise InputError(path, 1, "blocks are nested too deeply") from None


def _body(node: Any, path: str, data: bytes) -> Body:
    body = Body(source=data)
    for child in node.children:
        if child.type == "attribute":
            name = node_text(child.child(0))
            expr = next(c for c in child.children if c.type == "expression")
            line = child.start_point[0] + 1
            if name in body.attrs:
                raise InputError(path, line, f'Attribute redefined: the argument "{name}" was already set at '
                                 f"line {body.attrs[name].line}; each argument may be set only once")
            body.attrs[name] = Attr(name, expr, line)
        elif child.type == "block":
            kind = node_text(child.child(0))
            labels = [_label(c) for c in child.children[1:] if c.type in ("string_lit", "identifier")]
            inner = next((c for c in child.children if c.type == "body"), None)
            sub = _body(inner, path, data) if inner is not None else Body(source=data)
            body.blocks.append(
                Block(kind, labels, sub, child.start_point[0] + 1, child.end_point[0] + 1, path, data)
            )
    return body


# --- JSON syntax -------------------------------------------------------------------------

def parse_tf_json(path: str, data: bytes) -> Body:
    from stackcheck.loaders.yamlnodes import load_with_lines

    duplicates: list[tuple[str, int, int]] = []
    doc, lines = load_with_lines(path, data, duplicates)
    if not isinstance(doc, dict):
        raise InputError(path, 1, "a .tf.json file must hold a JSON object")
    for key, line, first in duplicates:
        parts = key.split(".")
        if len(parts) == 4 and parts[0] in ("resource", "data"):  # resource.TYPE.NAME.ARGUMENT
            raise InputError(path, line, f'Duplicate argument: the argument "{parts[3]}" was already set at '
                             f"line {first}; each argument may be set only once")
    return _json_body(doc, lines, "", path, data)


_LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1,
           "locals": 0, "terraform": 0, "moved": 0, "import": 0, "check": 1, "removed": 0}


def _sub(lines: dict[str, int], prefix: str) -> dict[str, int]:
    cut = len(prefix) + 1
    return {k[cut:]: v for k, v in lines.items() if k.startswith(prefix + ".")}


def _json_body(doc: dict[str, Any], lines: dict[str, int], prefix: str, path: str, data: bytes) -> Body:
    body = Body(source=data)
    for kind, value in doc.items():
        key = f"{prefix}.{kind}" if prefix else kind
        depth = _LABELS.get(kind)
        if depth is None or not isinstance(value, dict | list):
            body.attrs[kind] = Attr(kind, JsonExpr(value, lines.get(key, 1), _sub(lines, key)), lines.get(key, 1))
            continue
        for item_key, item in _json_items(value, key):
            _json_blocks(body, kind, [], item, depth, lines, item_key, path, data)
    return body


def _json_items(value: Any, key: str) -> list[tuple[str, Any]]:
    if isinstance(value, list):
        return [(f"{key}.{i}", v) for i, v in enumerate(value)]
    return [(key, value)]


def _json_blocks(body: Body, kind: str, labels: list[str], value: Any, depth: int,
                 lines: dict[str, int], key: str, path: str, data: bytes) -> None:
    if depth == 0:
        for item_key, item in _json_items(value, key):
            if not isinstance(item, dict):
                raise InputError(path, lines.get(item_key, 1), f"{kind} {' '.join(labels)}: expected an object")
            inner = _json_body_plain(item, lines, item_key, data)
            line = lines.get(item_key, 1)
            body.blocks.append(Block(kind, labels, inner, line, line, path, data))
        return
    if not isinstance(value, dict):
        raise InputError(path, lines.get(key, 1), f"{kind}: expected an object of labels")
    for label, sub in value.items():
        _json_blocks(body, kind, [*labels, label], sub, depth - 1, lines, f"{key}.{label}", path, data)


def _json_body_plain(doc: dict[str, Any], lines: dict[str, int], prefix: str, data: bytes) -> Body:
    """The body of a resource or module in JSON: every key is an attribute, except the
    meta-blocks whose shape Terraform fixes (lifecycle, dynamic, provisioner)."""
    body = Body(source=data)
    for name, value in doc.items():
        key = f"{prefix}.{name}"
        body.attrs[name] = Attr(name, JsonExpr(value, lines.get(key, 1), _sub(lines, key)), lines.get(key, 1))
    return body
