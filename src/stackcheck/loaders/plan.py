"""Terraform plan JSON (`terraform show -json plan.out`): the planned values, which are fully evaluated,
plus the configuration's references for the values only known after apply."""

from __future__ import annotations

import json
import re
from typing import Any

from stackcheck.errors import InputError
from stackcheck.loaders.terraform.kinds import kind_of
from stackcheck.loaders.yamlnodes import load_with_lines
from stackcheck.model.resource import Meta, Output, Resource, Stack, Variable
from stackcheck.model.values import Unknown


def is_plan(doc: Any) -> bool:
    return isinstance(doc, dict) and "format_version" in doc and ("planned_values" in doc or "resource_changes" in doc)


def _modules(module: dict[str, Any]) -> list[dict[str, Any]]:
    out = [module]
    for child in module.get("child_modules", []) or []:
        out.extend(_modules(child))
    return out


def _config_modules(config: dict[str, Any], prefix: str = "") -> dict[str, dict[str, Any]]:
    """Configuration resources by address (instance keys stripped), with their module prefix."""
    out: dict[str, dict[str, Any]] = {}
    for res in config.get("resources", []) or []:
        out[prefix + res["address"]] = {**res, "_prefix": prefix}
    for name, call in (config.get("module_calls", {}) or {}).items():
        out.update(_config_modules(call.get("module", {}), f"{prefix}module.{name}."))
    return out


def _reference(expr: Any, prefix: str) -> Unknown | None:
    refs = expr.get("references") if isinstance(expr, dict) else None
    if not refs:
        return None
    ref = refs[0]
    parts = ref.split(".")
    if parts[0] in ("var", "local", "each", "count", "path", "module") or len(parts) < 2:
        return Unknown(ref=ref)
    rtype, name = parts[0], parts[1].split("[")[0]
    attr = parts[2] if len(parts) > 2 else None
    return Unknown(ref=ref, kind=kind_of(rtype, attr), target=f"{prefix}{rtype}.{name}", target_type=rtype, attr=attr)


def _base(address: str) -> str:
    return address.split("[")[0] if not address.endswith("]") else address[: address.rindex("[")]


def load_plan(path: str, data: bytes) -> Stack | None:
    doc, _ = load_with_lines(path, data)
    if not is_plan(doc):
        return None
    stack = Stack(framework="terraform", path=path, files=[path])
    stack.settings["plan"] = {"terraform_version": doc.get("terraform_version")}
    config = _config_modules((doc.get("configuration") or {}).get("root_module", {}) or {})
    unknown_after = {rc["address"]: (rc.get("change", {}) or {}).get("after_unknown", {}) or {}
                     for rc in doc.get("resource_changes", []) or []}
    planned = (doc.get("planned_values") or {}).get("root_module", {}) or {}
    text = data.decode("utf-8", "replace")
    for module in _modules(planned):
        for res in module.get("resources", []) or []:
            if res.get("mode") != "managed":
                continue
            address = res["address"]
            base = _base(address)
            conf = config.get(base.replace("module.", "module.", 1), {})
            prefix = conf.get("_prefix", "")
            m = re.search(r'"address":\s*' + re.escape(json.dumps(address)), text)
            line = text.count("\n", 0, m.start()) + 1 if m else 1
            attrs: dict[str, Any] = dict(res.get("values") or {})
            meta: dict[str, Meta] = {}
            references: set[str] = set()
            for name, expr in (conf.get("expressions") or {}).items():
                unknown = _reference(expr, prefix)
                refs = frozenset(r for r in (expr.get("references") or []) if isinstance(expr, dict)) \
                    if isinstance(expr, dict) else frozenset()
                if unknown is not None and unknown.target:
                    references.add(unknown.target)
                if unknown is not None and (unknown_after.get(address, {}).get(name) or name not in attrs
                                            or attrs.get(name) is None):
                    attrs[name] = unknown
                meta[name] = Meta(line, frozenset(prefix + r.split(".")[0] + "." + r.split(".")[1].split("[")[0]
                                               for r in refs if len(r.split(".")) > 1
                                               and r.split(".")[0] not in ("var", "local", "each", "count", "path")))
            depends = [prefix + d for d in conf.get("depends_on", []) or []]
            stack.resources.append(Resource(
                address=address, type=res["type"], name=res["name"], framework="terraform", file=path, line=line,
                attrs=attrs, meta=meta, depends_on=depends, references=references, base_address=base))
    for name in ((doc.get("configuration") or {}).get("root_module", {}).get("variables", {}) or {}):
        value = (doc.get("variables") or {}).get(name, {}).get("value")
        stack.variables[name] = Variable(name, value, path, 1, True)
    for name, spec in ((doc.get("planned_values") or {}).get("outputs", {}) or {}).items():
        expr = ((doc.get("configuration") or {}).get("root_module", {}).get("outputs", {}) or {}).get(name, {})
        value = spec.get("value") if "value" in spec else _reference(expr.get("expression"), "")
        stack.outputs.append(Output(name, value, frozenset(), path, 1))
    if not stack.resources and not isinstance(planned, dict):
        raise InputError(path, 1, "plan JSON without planned_values")
    return stack
