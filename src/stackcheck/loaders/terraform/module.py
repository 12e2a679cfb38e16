"""A Terraform module: its declarations, the values of its variables and locals, its resources.

Locals, module outputs and child modules are evaluated lazily and memoised, so the order of
declarations does not matter and a reference cycle yields an Unknown instead of recursion.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from stackcheck.errors import InputError
from stackcheck.loaders.terraform import providers
from stackcheck.loaders.terraform.evaluate import Evaluator, apply_steps
from stackcheck.loaders.terraform.kinds import kind_of
from stackcheck.loaders.terraform.syntax import (
    Attr,
    Block,
    Body,
    JsonExpr,
    node_text,
    parse_hcl,
    parse_tf_json,
)
from stackcheck.model.resource import Meta, Output, Resource, Stack, Variable
from stackcheck.model.values import Unknown

_META_ARGS = {"count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"}
_IN_PROGRESS = object()
MAX_MODULE_DEPTH = 20
# Hostile or generated input must not make a scan hang: beyond these, values become Unknown.
MAX_INSTANCES = 10_000  # count / for_each expansion of one resource
MAX_MODULES = 5_000  # module instances under one root
# Values computed inside one another (local.a = local.b, b = local.c, ...): a chain this long is not
# written by hand, and about ten Python frames per link would reach the recursion limit; beyond it
# the value is Unknown.
MAX_CHAIN = 60


def read_module_files(directory: str, errors: list[InputError]) -> list[tuple[str, Body]]:
    """Parse every .tf and .tf.json file of one directory (not recursive)."""
    out = []
    try:
        names = sorted(os.listdir(directory))
    except OSError as exc:
        errors.append(InputError(directory, 0, f"cannot read directory: {exc.strerror}"))
        return out
    for name in names:
        if not (name.endswith(".tf") or name.endswith(".tf.json")):
            continue
        path = os.path.join(directory, name)
        if not os.path.isfile(path):
            continue
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            body = parse_tf_json(path, data) if name.endswith(".json") else parse_hcl(path, data)
        except InputError as exc:
            errors.append(exc)
            continue
        except OSError as exc:
            errors.append(InputError(path, 0, f"cannot read file: {exc.strerror}"))
            continue
        out.append((path, body))
    return out


@dataclass
class Decl:
    block: Block
    file: str


@dataclass
class Module:
    directory: str
    prefix: str  # "" for the root, "module.a." / "module.a.module.b." for children
    files: list[tuple[str, Body]]
    root_dir: str
    inputs: dict[str, tuple[Any, Module, dict[str, Any]]] = field(default_factory=dict)
    tfvars: dict[str, Any] = field(default_factory=dict)
    depth: int = 0
    errors: list[InputError] = field(default_factory=list)
    ancestors: tuple[str, ...] = ()  # directories of the modules that call this one
    budget: list[int] = field(default_factory=lambda: [MAX_MODULES])  # shared by a root's modules
    chain: list[int] = field(default_factory=lambda: [0])  # memoised values being computed, all modules
    provider_inputs: dict[str, str | None] = field(default_factory=dict)  # configurations passed by the caller

    def __post_init__(self) -> None:
        self.evaluator = Evaluator(self)
        self._computing: list[str] = []  # memo keys being evaluated, to name a cycle
        self._local_files: dict[str, str] = {}
        self.variables: dict[str, Decl] = {}
        self.locals: dict[str, Attr] = {}
        self.resources: dict[str, Decl] = {}
        self.data: dict[str, Decl] = {}
        self.modules: dict[str, Decl] = {}
        self.outputs: dict[str, Decl] = {}
        self.terraform: list[Decl] = []
        self.providers: list[Decl] = []
        self._values: dict[str, Any] = {}
        self._children: dict[str, Module | None] = {}
        for path, body in self.files:
            for block in body.blocks:
                key = ".".join(block.labels)
                if block.type == "variable" and block.labels:
                    self.variables[block.labels[0]] = Decl(block, path)
                elif block.type == "locals":
                    self.locals.update(block.body.attrs)
                    self._local_files.update(dict.fromkeys(block.body.attrs, path))
                elif block.type == "resource" and len(block.labels) == 2:
                    self.resources[key] = Decl(block, path)
                elif block.type == "data" and len(block.labels) == 2:
                    self.data[key] = Decl(block, path)
                elif block.type == "module" and block.labels:
                    self.modules[block.labels[0]] = Decl(block, path)
                elif block.type == "output" and block.labels:
                    self.outputs[block.labels[0]] = Decl(block, path)
                elif block.type == "terraform":
                    self.terraform.append(Decl(block, path))
                elif block.type == "provider":
                    self.providers.append(Decl(block, path))

    # -- values -------------------------------------------------------------------------

    def eval(self, expr: Any, scope: dict[str, Any], refs: set[str]) -> Any:
        return self.evaluator.eval(expr, scope, refs)

    def _memo(self, key: str, compute: Any) -> tuple[Any, frozenset[str]]:
        got = self._values.get(key)
        if got is _IN_PROGRESS:
            self._report_cycle(key)
            return Unknown(ref=key), frozenset()
        if got is not None:
            return got
        if self.chain[0] >= MAX_CHAIN:
            return Unknown(ref=key), frozenset()  # not memoised: a shorter path may still compute it
        self._values[key] = _IN_PROGRESS
        self._computing.append(key)
        self.chain[0] += 1
        refs: set[str] = set()
        try:
            value = compute(refs)
        finally:
            self._computing.pop()
            self.chain[0] -= 1
        result = (value, frozenset(refs))
        self._values[key] = result
        return result

    def _report_cycle(self, key: str) -> None:
        """Terraform refuses a configuration whose values depend on themselves ("Error: Cycle")."""
        chain = self._computing[self._computing.index(key):] if key in self._computing else [key]
        file, line = self._declared_at(chain[0])
        names = ", ".join(self.prefix + k for k in chain)
        self.errors.append(InputError(file, line, f"Cycle: {names} (each depends on the next and the last on "
                                      f"the first; Terraform refuses the configuration)"))

    def _declared_at(self, key: str) -> tuple[str, int]:
        kind, _, name = key.partition(".")
        if kind == "local" and name in self.locals:
            return self._local_files.get(name, self.directory), self.locals[name].line
        decl = {"var": self.variables, "output": self.outputs}.get(kind, {}).get(name)
        if decl is not None:
            return decl.file, decl.block.line
        return (self.files[0][0] if self.files else self.directory), 1

    def variable(self, name: str) -> tuple[Any, frozenset[str]]:
        def compute(refs: set[str]) -> Any:
            if name in self.inputs:
                expr, parent, scope = self.inputs[name]
                return parent.eval(expr, scope, refs)
            if name in self.tfvars:
                return self.tfvars[name]
            decl = self.variables.get(name)
            if decl is not None and "default" in decl.block.body.attrs:
                return self.eval(decl.block.body.attrs["default"].expr, {}, refs)
            return Unknown(ref=f"var.{name}")

        return self._memo("var." + name, compute)

    def local(self, name: str) -> tuple[Any, frozenset[str]]:
        attr = self.locals.get(name)
        if attr is None:
            return Unknown(ref=f"local.{name}"), frozenset()
        return self._memo("local." + name, lambda refs: self.eval(attr.expr, {}, refs))

    @cached_property
    def regions(self) -> dict[str, str | None]:
        """Region of each provider configuration this module can use ("aws", "aws.use1")."""
        return providers.own_configurations(self, self.provider_inputs)

    def child(self, name: str) -> Module | None:
        if name in self._children:
            return self._children[name]
        self._children[name] = None  # guards against a module that calls itself
        decl = self.modules.get(name)
        child = self._load_child(name, decl) if decl is not None else None
        self._children[name] = child
        return child

    def _load_child(self, name: str, decl: Decl) -> Module | None:
        if self.depth >= MAX_MODULE_DEPTH:
            return None
        attrs = decl.block.body.attrs
        source_attr = attrs.get("source")
        if source_attr is None:
            return None
        source = self.eval(source_attr.expr, {}, set())
        if not isinstance(source, str):
            return None
        key = (self.prefix.replace("module.", "").rstrip(".") + "." if self.prefix else "") + name
        directory = self._module_dir(source, key)
        if directory is None or not os.path.isdir(directory):
            return None
        lineage = (*self.ancestors, os.path.realpath(self.directory))
        if os.path.realpath(directory) in lineage:
            self.errors.append(InputError(decl.file, decl.block.line, f'module "{name}" calls {source!r}, a module '
                                          "that is already calling it: the module tree would never end"))
            return None
        self.budget[0] -= 1
        if self.budget[0] < 0:
            return None
        files = read_module_files(directory, self.errors)
        inputs = {k: (a.expr, self, {}) for k, a in attrs.items() if k not in ("source", "version", "providers", "count", "for_each", "depends_on")}
        return Module(directory, f"{self.prefix}module.{name}.", files, self.root_dir, inputs=inputs,
                      depth=self.depth + 1, errors=self.errors, ancestors=lineage, budget=self.budget,
                      chain=self.chain, provider_inputs=providers.passed_to_child(self.regions, decl))

    def _module_dir(self, source: str, key: str) -> str | None:
        if source.startswith(("./", "../")):
            return os.path.normpath(os.path.join(self.directory, source))
        manifest = os.path.join(self.root_dir, ".terraform", "modules", "modules.json")
        try:
            with open(manifest, encoding="utf-8") as fh:
                entries = json.load(fh).get("Modules", [])
        except (OSError, ValueError):
            return None
        for entry in entries:
            if entry.get("Key") == key and entry.get("Dir"):
                return os.path.normpath(os.path.join(self.root_dir, entry["Dir"]))
        return None

    def output(self, name: str) -> tuple[Any, frozenset[str]]:
        decl = self.outputs.get(name)
        if decl is None or "value" not in decl.block.body.attrs:
            return Unknown(ref=f"module output {name}"), frozenset()
        return self._memo("output." + name, lambda refs: self.eval(decl.block.body.attrs["value"].expr, {}, refs))

    # -- reference resolution (called by the evaluator) ---------------------------------

    def resolve(self, root: str, steps: list[tuple[str, Any]], scope: dict[str, Any], refs: set[str]) -> Any:
        text = root + "".join(f".{a}" if k == "attr" else "[...]" for k, a in steps if k != "splat")
        if root in scope:
            return apply_steps(scope[root], steps, text)
        first = steps[0][1] if steps and steps[0][0] == "attr" else None
        if root in ("var", "local") and first is not None:
            value, inner = self.variable(first) if root == "var" else self.local(first)
            refs.add(f"{root}.{first}")
            refs |= inner
            return apply_steps(value, steps[1:], text)
        if root == "count" and first == "index":
            return scope.get("count.index", Unknown(ref="count.index"))
        if root == "each" and first in ("key", "value"):
            return apply_steps(scope.get(f"each.{first}", Unknown(ref=text)), steps[1:], text)
        if root == "path":
            return self.directory if first == "module" else self.root_dir if first == "root" else "."
        if root == "terraform" and first == "workspace":
            return "default"
        if root == "module" and first is not None:
            child = self.child(first)
            if child is None or len(steps) < 2 or steps[1][0] != "attr":
                return Unknown(ref=text)
            value, inner = child.output(steps[1][1])
            refs |= inner
            return apply_steps(value, steps[2:], text)
        if root == "data" and len(steps) >= 2:
            address = f"{self.prefix}data.{steps[0][1]}.{steps[1][1]}"
            refs.add(address)
            return self._resource_ref(address, steps[0][1], steps[2:], text)
        if first is not None and f"{root}.{first}" in self.resources:
            address = f"{self.prefix}{root}.{first}"
            refs.add(address)
            return self._resource_ref(address, root, steps[1:], text)
        return Unknown(ref=text)

    def _resource_ref(self, address: str, rtype: str, steps: list[tuple[str, Any]], text: str) -> Any:
        target = address
        rest = steps
        if rest and rest[0][0] == "index":
            idx = rest[0][1]
            if not isinstance(idx, Unknown):
                target = f"{address}[{json.dumps(idx) if isinstance(idx, str) else idx}]"
            rest = rest[1:]
        if rest and rest[0][0] == "splat":
            attrs = [a for _, a in rest[0][1]]
            attr = attrs[0] if attrs else None
            return Unknown(ref=text, kind=None, target=address, target_type=rtype, attr=attr)
        attr = rest[0][1] if rest and rest[0][0] == "attr" else None
        kind = kind_of(rtype, attr) if len(rest) <= 1 else None
        return Unknown(ref=text, kind=kind, target=target, target_type=rtype, attr=attr)

    # -- resources ----------------------------------------------------------------------

    def instances(self, decl: Decl, data_source: bool = False) -> list[Resource]:
        block = decl.block
        rtype, name = block.labels
        base = f"{self.prefix}{'data.' if data_source else ''}{rtype}.{name}"
        attrs = block.body.attrs
        keys: list[tuple[str, dict[str, Any]]] = []
        if "count" in attrs:
            count = self.eval(attrs["count"].expr, {}, set())
            if isinstance(count, bool) or not isinstance(count, int | float) or not 0 <= count <= MAX_INSTANCES:
                keys.append((base, {"count.index": Unknown(ref="count.index")}))
            else:
                keys.extend((f"{base}[{i}]", {"count.index": i}) for i in range(int(count)))
        elif "for_each" in attrs:
            coll = self.eval(attrs["for_each"].expr, {}, set())
            if isinstance(coll, dict | list) and len(coll) > MAX_INSTANCES:
                coll = None
            if isinstance(coll, dict):
                keys.extend((f'{base}["{k}"]', {"each.key": k, "each.value": v}) for k, v in coll.items())
            elif isinstance(coll, list) and all(isinstance(x, str) for x in coll):
                keys.extend((f'{base}["{k}"]', {"each.key": k, "each.value": k}) for k in coll)
            else:
                keys.append((base, {"each.key": Unknown(ref="each.key"), "each.value": Unknown(ref="each.value")}))
        else:
            keys.append((base, {}))
        out = []
        region = providers.region_of(self.regions, rtype, attrs.get("provider"))
        for address, scope in keys:
            meta: dict[str, Meta] = {}
            try:
                values = self._body(block.body, scope, "", meta)
            except RecursionError:
                self.errors.append(InputError(decl.file, block.line, f"{address}: expressions nested too deeply "
                                              "to evaluate"))
                return out
            references = {r for m in meta.values() for r in m.refs if not r.startswith(("var.", "local."))}
            res = Resource(address=address, type=rtype, name=name, framework="terraform", file=decl.file,
                           line=block.line, attrs=values, meta=meta, base_address=base,
                           depends_on=self._depends_on(block.body), references=references,
                           lifecycle=self._lifecycle(block.body, scope), end_line=block.end_line, region=region)
            out.append(res)
        return out

    def _depends_on(self, body: Body) -> list[str]:
        attr = body.attrs.get("depends_on")
        if attr is None:
            return []
        if isinstance(attr.expr, JsonExpr):
            items = attr.expr.value if isinstance(attr.expr.value, list) else []
            texts = [str(x) for x in items]
        else:
            texts = []
            stack = [attr.expr]
            while stack:
                node = stack.pop()
                if node.type == "expression" and node.children and node.children[0].type == "variable_expr":
                    texts.append(node_text(node))
                else:
                    stack.extend(node.children)
        out = []
        for text in texts:
            text = text.split("[")[0]
            if text.startswith("module."):
                out.append(self.prefix + ".".join(text.split(".")[:2]))
            else:
                out.append(self.prefix + text)
        return out

    def _lifecycle(self, body: Body, scope: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for block in body.blocks_of("lifecycle"):
            for k, a in block.body.attrs.items():
                if k == "ignore_changes" and not isinstance(a.expr, JsonExpr):
                    out[k] = node_text(a.expr)
                else:
                    out[k] = self.eval(a.expr, scope, set())
        if "lifecycle" in body.attrs and isinstance(body.attrs["lifecycle"].expr, JsonExpr):
            out.update(body.attrs["lifecycle"].expr.value or {})
        return out

    def _body(self, body: Body, scope: dict[str, Any], path: str, meta: dict[str, Meta]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, attr in body.attrs.items():
            if name in _META_ARGS and not path:
                continue
            sub = f"{path}.{name}" if path else name
            refs: set[str] = set()
            out[name] = self.evaluator.eval(attr.expr, scope, refs, sub, meta)
            meta[sub] = Meta(attr.line, frozenset(refs))
        counters: dict[str, int] = {}
        for block in body.blocks:
            if block.type in _META_ARGS and not path:
                continue
            if block.type == "dynamic" and block.labels:
                for content_scope in self._dynamic_scopes(block, scope):
                    content = next(iter(block.body.blocks_of("content")), None)
                    if content is None:
                        continue
                    self._add_block(out, block.labels[0], content, content_scope, path, meta, counters)
                continue
            self._add_block(out, block.type, block, scope, path, meta, counters)
        return out

    def _add_block(self, out: dict[str, Any], kind: str, block: Block, scope: dict[str, Any], path: str,
                   meta: dict[str, Meta], counters: dict[str, int]) -> None:
        i = counters.get(kind, 0)
        counters[kind] = i + 1
        sub = f"{path}.{kind}.{i}" if path else f"{kind}.{i}"
        values = self._body(block.body, scope, sub, meta)
        existing = out.get(kind)
        if not isinstance(existing, list):
            out[kind] = existing = []
        existing.append(values)
        refs = frozenset(r for k, m in meta.items() if k.startswith(sub + ".") for r in m.refs)
        meta[sub] = Meta(block.line, refs, block=True)
        base = f"{path}.{kind}" if path else kind
        meta.setdefault(base, Meta(block.line, refs, block=True))

    def _dynamic_scopes(self, block: Block, scope: dict[str, Any]) -> list[dict[str, Any]]:
        iterator = block.labels[0]
        it_attr = block.body.attrs.get("iterator")
        if it_attr is not None and not isinstance(it_attr.expr, JsonExpr):
            iterator = node_text(it_attr.expr)
        fe = block.body.attrs.get("for_each")
        coll = self.eval(fe.expr, scope, set()) if fe is not None else None
        if isinstance(coll, dict | list) and len(coll) > MAX_INSTANCES:
            coll = None
        if isinstance(coll, dict):
            items = list(coll.items())
        elif isinstance(coll, list):
            items = list(enumerate(coll))
        else:
            return [{**scope, iterator: Unknown(ref=f"{iterator}")}]
        return [{**scope, iterator: {"key": k, "value": v}} for k, v in items]

    # -- stack --------------------------------------------------------------------------

    def collect(self, stack: Stack) -> None:
        """Add this module's resources (and its children's) to the stack."""
        for decl in self.resources.values():
            stack.resources.extend(self.instances(decl))
        for decl in self.data.values():
            stack.data_sources.extend(self.instances(decl, data_source=True))
        for name, decl in self.modules.items():
            child = self.child(name)
            if child is None:
                source = decl.block.body.attrs.get("source")
                stack.settings.setdefault("unresolved_modules", []).append(
                    {"module": self.prefix + "module." + name, "file": decl.file, "line": decl.block.line,
                     "source": node_text(source.expr) if source and not isinstance(source.expr, JsonExpr) else None})
                continue
            if "count" in decl.block.body.attrs:
                count = self.eval(decl.block.body.attrs["count"].expr, {}, set())
                if count == 0:
                    continue
            child.collect(stack)
            stack.files.extend(p for p, _ in child.files)


def load_tfvars(directory: str, errors: list[InputError]) -> dict[str, Any]:
    """terraform.tfvars, *.auto.tfvars and their .json forms, in Terraform's order."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return {}  # read_module_files reports the directory
    ordered = [n for n in ("terraform.tfvars", "terraform.tfvars.json") if n in names]
    ordered += [n for n in names if n.endswith((".auto.tfvars", ".auto.tfvars.json"))]
    values: dict[str, Any] = {}
    scratch = Module(directory, "", [], directory)
    for name in ordered:
        path = os.path.join(directory, name)
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            if name.endswith(".json"):
                from stackcheck.loaders.yamlnodes import load_with_lines

                doc, _ = load_with_lines(path, data)
                values.update(doc if isinstance(doc, dict) else {})
            else:
                body = parse_hcl(path, data)
                for key, attr in body.attrs.items():
                    values[key] = scratch.eval(attr.expr, {}, set())
        except InputError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(InputError(path, 0, f"cannot read file: {exc.strerror}"))
    return values


def load_root(directory: str, errors: list[InputError]) -> Stack | None:
    try:
        return _load_root(directory, errors)
    except RecursionError:  # outside a resource (a local, an output): the module as a whole
        files = sorted(f for f in os.listdir(directory) if f.endswith((".tf", ".tf.json")))
        where = os.path.join(directory, files[0]) if files else directory
        errors.append(InputError(where, 1, "expressions nested too deeply to evaluate"))
        return None


def _load_root(directory: str, errors: list[InputError]) -> Stack | None:
    files = read_module_files(directory, errors)
    if not files:
        return None
    root = Module(directory, "", files, directory, tfvars=load_tfvars(directory, errors), errors=errors)
    stack = Stack(framework="terraform", path=directory, files=[p for p, _ in files])
    root.collect(stack)
    for name, decl in root.variables.items():
        attrs = decl.block.body.attrs
        default = root.eval(attrs["default"].expr, {}, set()) if "default" in attrs else None
        stack.variables[name] = Variable(name, default, decl.file, decl.block.line, "default" in attrs)
    for name, decl in root.outputs.items():
        if "value" in decl.block.body.attrs:
            value, refs = root.output(name)
            stack.outputs.append(Output(name, value, refs, decl.file, decl.block.line))
    stack.settings.update(_terraform_settings(root))
    return stack


def _terraform_settings(root: Module) -> dict[str, Any]:
    # A root module configures its providers or its backend; a reusable module does neither.
    out: dict[str, Any] = {"provider_blocks": len(root.providers)}
    for decl in root.terraform:
        body = decl.block.body
        if "required_version" in body.attrs:
            attr = body.attrs["required_version"]
            out["required_version"] = {"value": root.eval(attr.expr, {}, set()), "file": decl.file, "line": attr.line}
        for req in body.blocks_of("required_providers"):
            for name, attr in req.body.attrs.items():
                value = root.eval(attr.expr, {}, set())
                if isinstance(value, dict):  # aws = { source = "hashicorp/aws", version = ">= 6.0" }
                    out.setdefault("required_providers", {})[name] = value
                elif isinstance(value, str):  # the legacy form: aws = "~> 5.0"
                    out.setdefault("required_providers", {})[name] = {"version": value}
        for backend in body.blocks_of("backend"):
            attrs = {k: {"value": root.eval(a.expr, {}, set()), "line": a.line} for k, a in backend.body.attrs.items()}
            out["backend"] = {"type": backend.labels[0] if backend.labels else "", "attrs": attrs,
                              "file": decl.file, "line": backend.line}
        if "backend" in body.attrs and isinstance(body.attrs["backend"].expr, JsonExpr):
            raw = body.attrs["backend"].expr.value
            if isinstance(raw, dict) and raw:
                kind, conf = next(iter(raw.items()))
                line = body.attrs["backend"].line
                out["backend"] = {"type": kind, "attrs": {k: {"value": v, "line": line} for k, v in (conf or {}).items()},
                                  "file": decl.file, "line": line}
    return out
