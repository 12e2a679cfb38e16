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


def _obj(value: Any) -> dict[str, Any]:
    """A plan is machine-written, but a hand-edited or truncated one may hold anything anywhere:
    a value of the wrong shape reads as empty instead of failing the load."""
    return value if isinstance(value, dict) else {}


def _arr(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _modules(module: dict[str, Any]) -> list[dict[str, Any]]:
    out = [module]
    for child in _arr(module.get("child_modules")):
        if isinstance(child, dict):
            out.extend(_modules(child))
    return out


def _config_modules(config: dict[str, Any], prefix: str = "") -> dict[str, dict[str, Any]]:
    """Configuration resources by address (instance keys stripped), with their module prefix."""
    out: dict[str, dict[str, Any]] = {}
    for res in _arr(config.get("resources")):
        if isinstance(res, dict) and isinstance(res.get("address"), str):
            out[prefix + res["address"]] = {**res, "_prefix": prefix}
    for name, call in _obj(config.get("module_calls")).items():
        out.update(_config_modules(_obj(_obj(call).get("module")), f"{prefix}module.{name}."))
    return out


def _references(expr: Any) -> list[str]:
    return [r for r in _arr(_obj(expr).get("references")) if isinstance(r, str) and r]


def _reference(expr: Any, prefix: str) -> Unknown | None:
    refs = _references(expr)
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
    return address.split("[")[0] if not address.endswith("]") or "[" not in address else address[: address.rindex("[")]


def load_plan(path: str, data: bytes) -> Stack | None:
    doc, _ = load_with_lines(path, data)
    if not is_plan(doc):
        return None
    stack = Stack(framework="terraform", path=path, files=[path])
    stack.settings["plan"] = {"terraform_version": doc.get("terraform_version")}
    configuration = _obj(doc.get("configuration"))
    root_config = _obj(configuration.get("root_module"))
    config = _config_modules(root_config)
    unknown_after = {rc["address"]: _obj(_obj(rc.get("change")).get("after_unknown"))
                     for rc in _arr(doc.get("resource_changes")) if isinstance(rc, dict)
                     and isinstance(rc.get("address"), str)}
    planned = _obj(_obj(doc.get("planned_values")).get("root_module"))
    text = data.decode("utf-8", "replace")
    for module in _modules(planned):
        for res in _arr(module.get("resources")):
            if not isinstance(res, dict) or res.get("mode") != "managed":
                continue
            address, rtype, rname = res.get("address"), res.get("type"), res.get("name")
            if not (isinstance(address, str) and isinstance(rtype, str) and isinstance(rname, str)):
                continue  # not a resource we can name
            base = _base(address)
            conf = config.get(base, {})
            prefix = conf.get("_prefix", "")
            m = re.search(r'"address":\s*' + re.escape(json.dumps(address)), text)
            line = text.count("\n", 0, m.start()) + 1 if m else 1
            attrs: dict[str, Any] = dict(_obj(res.get("values")))
            meta: dict[str, Meta] = {}
            references: set[str] = set()
            after = _obj(unknown_after.get(address))
            for name, expr in _obj(conf.get("expressions")).items():
                unknown = _reference(expr, prefix)
                refs = _references(expr)
                if unknown is not None and unknown.target:
                    references.add(unknown.target)
                if unknown is not None and (after.get(name) or name not in attrs or attrs.get(name) is None):
                    attrs[name] = unknown
                meta[name] = Meta(line, frozenset(prefix + r.split(".")[0] + "." + r.split(".")[1].split("[")[0]
                                               for r in refs if len(r.split(".")) > 1
                                               and r.split(".")[0] not in ("var", "local", "each", "count", "path")))
            depends = [prefix + d for d in _arr(conf.get("depends_on")) if isinstance(d, str)]
            stack.resources.append(Resource(
                address=address, type=rtype, name=rname, framework="terraform", file=path, line=line,
                attrs=attrs, meta=meta, depends_on=depends, references=references, base_address=base))
    variables = _obj(doc.get("variables"))
    for name in _obj(root_config.get("variables")):
        value = _obj(variables.get(name)).get("value")
        stack.variables[name] = Variable(name, value, path, 1, True)
    config_outputs = _obj(root_config.get("outputs"))
    for name, spec in _obj(_obj(doc.get("planned_values")).get("outputs")).items():
        spec = _obj(spec)
        expr = _obj(config_outputs.get(name))
        value = spec.get("value") if "value" in spec else _reference(expr.get("expression"), "")
        stack.outputs.append(Output(name, value, frozenset(), path, 1))
    if not stack.resources and not isinstance(doc.get("planned_values"), dict):
        raise InputError(path, 1, "plan JSON without planned_values")
    return stack
