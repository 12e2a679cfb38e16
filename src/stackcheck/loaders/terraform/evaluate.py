"""Evaluate Terraform expressions (native tree-sitter nodes or .tf.json values) statically.

Every evaluation collects the symbols it read (`var.x`, `local.y`, resource addresses) into
a `refs` set, so rules can ask both "what is the value" and "where did it come from".
"""

from __future__ import annotations

import operator
import re
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stackcheck.loaders.terraform import functions
from stackcheck.loaders.terraform.syntax import JsonExpr, node_text, parse_expression_source
from stackcheck.model.resource import Meta
from stackcheck.model.values import Unknown

if TYPE_CHECKING:
    from stackcheck.loaders.terraform.module import Module

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE_RE = re.compile(r'\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{')
_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "%": operator.mod, "==": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "&&": lambda a, b: bool(a) and bool(b), "||": lambda a, b: bool(a) or bool(b),
}
_POSTFIX = {"get_attr", "index", "splat"}
# for-expression iterations per module: real configurations loop over hundreds of items; nested
# loops over range() can ask for billions, which then stay Unknown instead of hanging the scan.
MAX_ITERATIONS = 1_000_000


def unescape(raw: str, heredoc: bool = False) -> str:
    def sub(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok == "$${":
            return "${"
        if tok == "%%{":
            return "%{"
        if heredoc:
            return tok
        body = m.group(1)
        if body[0] in "uU" and len(body) > 1:
            return chr(int(body[1:], 16))
        return _ESCAPES.get(body, tok)

    return _ESCAPE_RE.sub(sub, raw)


def _num(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


class Evaluator:
    """Evaluates expressions in one module. `scope` holds count/each/for-expression names."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self.iterations = 0

    def _spend(self, n: int) -> bool:
        """Account for `n` loop iterations; False when the module's budget is spent."""
        self.iterations += n
        return self.iterations <= MAX_ITERATIONS

    # -- entry points -------------------------------------------------------------------

    def eval(self, expr: Any, scope: dict[str, Any], refs: set[str],
             path: str | None = None, meta: dict[str, Meta] | None = None) -> Any:
        if isinstance(expr, JsonExpr):
            return self._json(expr.value, scope, refs, path, meta, expr.lines, "")
        return self._node(expr, scope, refs, path, meta)

    # -- .tf.json -----------------------------------------------------------------------

    def _json(self, value: Any, scope: dict[str, Any], refs: set[str], path: str | None,
              meta: dict[str, Meta] | None, lines: dict[str, int], sub: str) -> Any:
        if isinstance(value, str):
            if "${" not in value and "%{" not in value:
                return value
            return self.template_string(value, scope, refs)
        if isinstance(value, dict):
            out = {}
            for k, v in value.items():
                key = f"{sub}.{k}" if sub else k
                child: set[str] = set()
                out[k] = self._json(v, scope, child, path and f"{path}.{k}", meta, lines, key)
                if meta is not None and path:
                    meta[f"{path}.{k}"] = Meta(lines.get(key, 0), frozenset(child))
                refs |= child
            return out
        if isinstance(value, list):
            out_list = []
            for i, v in enumerate(value):
                key = f"{sub}.{i}" if sub else str(i)
                child = set()
                out_list.append(self._json(v, scope, child, path and f"{path}.{i}", meta, lines, key))
                if meta is not None and path:
                    meta[f"{path}.{i}"] = Meta(lines.get(key, 0), frozenset(child))
                refs |= child
            return out_list
        return value

    def template_string(self, text: str, scope: dict[str, Any], refs: set[str]) -> Any:
        """A JSON-syntax string is a template: parse it as one with the native grammar."""
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        tree = parse_expression_source(f'v = "{escaped}"\n'.encode())
        if tree.root_node.has_error:
            return text
        try:
            expr = tree.root_node.child(0).child(0).children[-1]
        except (AttributeError, IndexError):
            return text
        return self._node(expr, scope, refs, None, None)

    # -- native syntax ------------------------------------------------------------------

    def _node(self, node: Any, scope: dict[str, Any], refs: set[str],
              path: str | None, meta: dict[str, Meta] | None) -> Any:
        kind = node.type
        if kind == "expression":
            children = node.children
            if children and children[0].type == "(":
                return self._node(children[1], scope, refs, path, meta)
            if len(children) == 1:
                return self._node(children[0], scope, refs, path, meta)
            if children[0].type == "variable_expr":
                return self._traversal(children, scope, refs)
            value = self._node(children[0], scope, refs, path, meta)
            return self._postfix(value, children[1:], scope, refs)
        handler = _HANDLERS.get(kind)
        if handler is None:
            return Unknown(ref=node_text(node)[:80])
        return handler(self, node, scope, refs, path, meta)

    def _literal(self, node: Any, scope: dict[str, Any], refs: set[str], path: Any, meta: Any) -> Any:
        child = node.child(0)
        t = child.type
        if t == "numeric_lit":
            return _num(node_text(child))
        if t == "bool_lit":
            return node_text(child) == "true"
        if t == "null_lit":
            return None
        if t == "string_lit":
            return self._string_lit(child)
        return self._node(child, scope, refs, path, meta)

    def _string_lit(self, node: Any, *_: Any) -> str:
        return "".join(unescape(node_text(c)) for c in node.children if c.type == "template_literal")

    def _template_expr(self, node: Any, scope: dict[str, Any], refs: set[str], path: Any, meta: Any) -> Any:
        inner = node.child(0)
        heredoc = inner.type == "heredoc_template"
        pieces = [c for c in inner.children if c.type in ("template_literal", "template_interpolation",
                                                           "template_directive")]
        if not heredoc and len(pieces) == 1 and pieces[0].type == "template_interpolation":
            # "${x}" alone is x itself, not a string (Terraform keeps its type and, here, its reference)
            expr = next((x for x in pieces[0].children if x.type == "expression"), None)
            if expr is not None:
                return self._node(expr, scope, refs, None, None)
        parts = self._template_parts(inner.children, scope, refs, heredoc)
        indent = heredoc and node_text(inner.child(0)).startswith("<<-")
        if all(isinstance(p, str) for p in parts):
            value = "".join(parts)
            if heredoc:
                value = value.lstrip("\n") if value.startswith("\n") else value
                if indent:
                    value = textwrap.dedent(value)
            return value
        flat: list[Any] = []
        for p in parts:
            if isinstance(p, Unknown) and p.parts:
                flat.extend(p.parts)
            else:
                flat.append(p)
        ref = next((p.ref for p in flat if isinstance(p, Unknown)), "template")
        return Unknown(ref=ref, parts=tuple(flat))

    def _template_parts(self, children: list[Any], scope: dict[str, Any], refs: set[str],
                        heredoc: bool) -> list[Any]:
        parts: list[Any] = []
        for c in children:
            t = c.type
            if t == "template_literal":
                parts.append(unescape(node_text(c), heredoc))
            elif t == "template_interpolation":
                expr = next((x for x in c.children if x.type == "expression"), None)
                value = self._node(expr, scope, refs, None, None) if expr is not None else ""
                parts.append(self._interp(value))
            elif t == "template_directive":
                parts.append(self._directive(c.child(0), scope, refs, heredoc))
        return parts

    @staticmethod
    def _interp(value: Any) -> Any:
        if isinstance(value, Unknown):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return functions._str(value)
        if isinstance(value, str):
            return value
        return Unknown(ref="template")

    def _directive(self, node: Any, scope: dict[str, Any], refs: set[str], heredoc: bool) -> Any:
        if node.type == "template_if":
            intro = node.child(0)
            cond_expr = next(x for x in intro.children if x.type == "expression")
            cond = self._node(cond_expr, scope, refs, None, None)
            body = [c for c in node.children[1:] if c.type not in ("template_if_end",)]
            then_parts: list[Any] = []
            else_parts: list[Any] = []
            target = then_parts
            for c in body:
                if c.type == "template_else_intro":
                    target = else_parts
                    continue
                target.append(c)
            if isinstance(cond, Unknown):
                return Unknown(ref="template if")
            chosen = then_parts if cond else else_parts
            parts = self._template_parts(chosen, scope, refs, heredoc)
            if all(isinstance(p, str) for p in parts):
                return "".join(parts)
            return Unknown(ref="template if")
        if node.type == "template_for":
            start = node.child(0)
            names = [node_text(x) for x in start.children if x.type == "identifier"]
            coll = self._node(next(x for x in start.children if x.type == "expression"), scope, refs, None, None)
            body = [c for c in node.children[1:] if c.type != "template_for_end"]
            if isinstance(coll, Unknown) or not isinstance(coll, list | dict) or not self._spend(len(coll)):
                return Unknown(ref="template for")
            out = []
            for k, v in (coll.items() if isinstance(coll, dict) else enumerate(coll)):
                inner = dict(scope)
                if len(names) == 2:
                    inner[names[0]], inner[names[1]] = k, v
                else:
                    inner[names[0]] = v
                parts = self._template_parts(body, inner, refs, heredoc)
                if not all(isinstance(p, str) for p in parts):
                    return Unknown(ref="template for")
                out.append("".join(parts))
            return "".join(out)
        return Unknown(ref="template directive")

    def _collection(self, node: Any, scope: dict[str, Any], refs: set[str], path: Any, meta: Any) -> Any:
        inner = node.child(0)
        if inner.type == "tuple":
            out = []
            for i, item in enumerate(c for c in inner.children if c.type == "expression"):
                child: set[str] = set()
                sub = f"{path}.{i}" if path else None
                out.append(self._node(item, scope, child, sub, meta))
                if meta is not None and sub:
                    meta[sub] = Meta(item.start_point[0] + 1, frozenset(child))
                refs |= child
            return out
        obj: dict[str, Any] = {}
        for elem in (c for c in inner.children if c.type == "object_elem"):
            key_node = elem.child_by_field_name("key")
            val_node = elem.child_by_field_name("val")
            key = self._object_key(key_node, scope, refs)
            if isinstance(key, Unknown):
                return Unknown(ref="object with unknown key")
            child = set()
            sub = f"{path}.{key}" if path else None
            obj[str(key)] = self._node(val_node, scope, child, sub, meta)
            if meta is not None and sub:
                meta[sub] = Meta(elem.start_point[0] + 1, frozenset(child))
            refs |= child
        return obj

    def _object_key(self, node: Any, scope: dict[str, Any], refs: set[str]) -> Any:
        # A bare identifier as a key is the key's name, not a variable.
        children = node.children
        if len(children) == 1 and children[0].type == "variable_expr":
            return node_text(children[0])
        return self._node(node, scope, refs, None, None)

    def _function(self, node: Any, scope: dict[str, Any], refs: set[str], path: Any, meta: Any) -> Any:
        name = node_text(node.child(0))
        args_node = next((c for c in node.children if c.type == "function_arguments"), None)
        args: list[Any] = []
        expand = False
        if args_node is not None:
            exprs = [c for c in args_node.children if c.type == "expression"]
            expand = any(c.type == "ellipsis" for c in args_node.children)
            single = len(exprs) == 1 and name in ("jsonencode", "tolist", "toset", "tomap", "merge", "concat")
            for e in exprs:
                args.append(self._node(e, scope, refs, path if single else None, meta if single else None))
        if expand and args and isinstance(args[-1], list):
            args = args[:-1] + args[-1]
        if name in ("try", "can"):
            good = [a for a in args if not isinstance(a, Unknown) or a.ref != "error"]
            if name == "can":
                return Unknown(ref="can(...)") if not good else True
            return good[0] if good else Unknown(ref="try(...)")
        return functions.call(name, args)

    def _for(self, node: Any, scope: dict[str, Any], refs: set[str], path: Any, meta: Any) -> Any:
        inner = node.child(0)
        is_object = inner.type == "for_object_expr"
        intro = next(c for c in inner.children if c.type == "for_intro")
        names = [node_text(c) for c in intro.children if c.type == "identifier"]
        coll = self._node(next(c for c in intro.children if c.type == "expression"), scope, refs, None, None)
        exprs = [c for c in inner.children if c.type == "expression"]
        cond = next((c for c in inner.children if c.type == "for_cond"), None)
        grouping = any(c.type == "ellipsis" for c in inner.children)
        if isinstance(coll, Unknown) or not isinstance(coll, list | dict) or not self._spend(len(coll)):
            return Unknown(ref="for expression")
        out_list: list[Any] = []
        out_obj: dict[str, Any] = {}
        for k, v in (coll.items() if isinstance(coll, dict) else enumerate(coll)):
            inner_scope = dict(scope)
            if len(names) == 2:
                inner_scope[names[0]], inner_scope[names[1]] = k, v
            else:
                inner_scope[names[0]] = v
            if cond is not None:
                ok = self._node(next(c for c in cond.children if c.type == "expression"), inner_scope, refs, None, None)
                if isinstance(ok, Unknown):
                    return Unknown(ref="for expression")
                if not ok:
                    continue
            if is_object:
                key = self._node(exprs[0], inner_scope, refs, None, None)
                val = self._node(exprs[1], inner_scope, refs, None, None)
                if isinstance(key, Unknown):
                    return Unknown(ref="for expression")
                if grouping:
                    out_obj.setdefault(str(key), []).append(val)
                else:
                    out_obj[str(key)] = val
            else:
                out_list.append(self._node(exprs[0], inner_scope, refs, None, None))
        return out_obj if is_object else out_list

    def _seq(self, nodes: list[Any], scope: dict[str, Any], refs: set[str]) -> Any:
        """An operand the grammar flattened into siblings (`variable_expr get_attr ...`)."""
        if not nodes:
            return Unknown(ref="operation")
        if nodes[0].type == "(":  # `(expr)` then any postfix: the parentheses are siblings too
            inner = next((n for n in nodes if n.type == "expression"), None)
            close = next((i for i, n in enumerate(nodes) if n.type == ")"), len(nodes) - 1)
            if inner is None:
                return Unknown(ref="operation")
            return self._postfix(self._node(inner, scope, refs, None, None), nodes[close + 1:], scope, refs)
        if len(nodes) == 1:
            return self._node(nodes[0], scope, refs, None, None)
        if nodes[0].type == "variable_expr":
            return self._traversal(nodes, scope, refs)
        return self._postfix(self._node(nodes[0], scope, refs, None, None), nodes[1:], scope, refs)

    def _operation(self, node: Any, scope: dict[str, Any], refs: set[str], path: Any, meta: Any) -> Any:
        op = node.child(0)
        children = op.children
        # The operator: the first anonymous child that is not a parenthesis of a flattened operand.
        split = next((i for i, c in enumerate(children) if not c.is_named and c.type not in ("(", ")")), None)
        if split is None:
            return Unknown(ref="operation")
        sym = node_text(children[split])
        if op.type == "unary_operation":
            val = self._seq(children[split + 1:], scope, refs)
            if isinstance(val, Unknown):
                return Unknown(ref="operation")
            if sym == "!":
                return not val if isinstance(val, bool) else Unknown(ref="operation")
            return -val if _is_number(val) else Unknown(ref="operation")
        a = self._seq(children[:split], scope, refs)
        b = self._seq(children[split + 1:], scope, refs)
        if sym in ("&&", "||") and not isinstance(a, Unknown) and (bool(a) if sym == "||" else not a):
            return bool(a)
        if isinstance(a, Unknown) or isinstance(b, Unknown):
            return Unknown(ref="operation")
        try:
            if sym in "+-*/%" and (isinstance(a, str) or isinstance(b, str)):
                a, b = functions._tonumber(a), functions._tonumber(b)
            if sym in "+-*/%" and not (_is_number(a) and _is_number(b)):
                return Unknown(ref="operation")  # Terraform's arithmetic is on numbers only ([1] * 1e9 is not)
            result = _BINARY[sym](a, b)
        except Exception:
            return Unknown(ref="operation")
        if isinstance(result, float) and result.is_integer() and sym != "/":
            return int(result)
        return result

    def _conditional(self, node: Any, scope: dict[str, Any], refs: set[str], path: Any, meta: Any) -> Any:
        exprs = [c for c in node.children if c.type == "expression"]
        cond = self._node(exprs[0], scope, refs, None, None)
        if isinstance(cond, Unknown):
            self._node(exprs[1], scope, refs, None, None)
            self._node(exprs[2], scope, refs, None, None)
            return Unknown(ref="conditional")
        cond = cond if isinstance(cond, bool) else str(cond).lower() == "true"
        return self._node(exprs[1] if cond else exprs[2], scope, refs, path, meta)

    def _variable(self, node: Any, scope: dict[str, Any], refs: set[str], path: Any, meta: Any) -> Any:
        return self._traversal([node], scope, refs)

    # -- references ---------------------------------------------------------------------

    def _steps(self, nodes: list[Any], scope: dict[str, Any], refs: set[str]) -> list[tuple[str, Any]]:
        steps: list[tuple[str, Any]] = []
        for n in nodes:
            if n.type == "get_attr":
                steps.append(("attr", node_text(n.child(n.child_count - 1))))
            elif n.type == "index":
                idx = n.child(0)
                if idx.type == "legacy_index":
                    steps.append(("index", int(node_text(idx).lstrip("."))))
                else:
                    expr = next(c for c in idx.children if c.type == "expression")
                    steps.append(("index", self._node(expr, scope, refs, None, None)))
            elif n.type == "splat":
                inner = n.child(0)
                rest = [("attr", node_text(g.child(g.child_count - 1))) for g in inner.children if g.type == "get_attr"]
                steps.append(("splat", rest))
        return steps

    def _traversal(self, nodes: list[Any], scope: dict[str, Any], refs: set[str]) -> Any:
        root = node_text(nodes[0])
        steps = self._steps(nodes[1:], scope, refs)
        return self.module.resolve(root, steps, scope, refs)

    def _postfix(self, value: Any, nodes: list[Any], scope: dict[str, Any], refs: set[str]) -> Any:
        return apply_steps(value, self._steps(nodes, scope, refs), "expression")


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


# What a traversal into a known object or list yields when the key or index is not there: an error in
# Terraform, which try() and can() turn into their fallback; anywhere else it is just not known.
MISSING = functions.ERROR


def apply_steps(value: Any, steps: list[tuple[str, Any]], ref: str) -> Any:
    for kind, arg in steps:
        if isinstance(value, Unknown):
            return Unknown(ref=ref, kind=value.kind if kind == "index" else None,
                           target=value.target, target_type=value.target_type, attr=value.attr)
        if kind == "attr":
            if isinstance(value, dict) and arg not in value:
                return MISSING  # Terraform: "Unsupported attribute", an error that try()/can() catch
            value = value.get(arg) if isinstance(value, dict) else (
                value[0].get(arg) if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict) else None)
            if value is None:
                return Unknown(ref=ref)
        elif kind == "index":
            if isinstance(arg, Unknown):
                return Unknown(ref=ref)
            try:
                value = value[int(arg)] if isinstance(value, list) else value[arg]
            except (KeyError, IndexError):
                return MISSING  # "Invalid index": an error as well
            except (TypeError, ValueError):
                return Unknown(ref=ref)
        elif kind == "splat":
            items = value if isinstance(value, list) else ([] if value is None else [value])
            value = [apply_steps(v, arg, ref) for v in items]
    return value


_HANDLERS: dict[str, Callable[..., Any]] = {
    "literal_value": Evaluator._literal,
    "string_lit": Evaluator._string_lit,
    "template_expr": Evaluator._template_expr,
    "collection_value": Evaluator._collection,
    "function_call": Evaluator._function,
    "for_expr": Evaluator._for,
    "operation": Evaluator._operation,
    "conditional": Evaluator._conditional,
    "variable_expr": Evaluator._variable,
}
