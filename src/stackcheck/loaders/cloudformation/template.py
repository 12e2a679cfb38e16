"""A CloudFormation template as a Stack: parameters from their defaults, conditions, mappings,
and intrinsic functions evaluated; Ref/GetAtt of resources stay Unknown with their kind.
"""

from __future__ import annotations

import ipaddress
import itertools
import json
import re
from typing import Any

from stackcheck.data import cfn_kinds
from stackcheck.errors import InputError
from stackcheck.model.resource import Meta, Output, Resource, Stack, Variable
from stackcheck.model.values import ARN, AZ, ID, KMS_KEY_ID, NAME, Encoded, Unknown, is_known

_SUB_VAR = re.compile(r"\$\{([^}!][^}]*)\}")
_PSEUDO = {"AWS::Region", "AWS::AccountId", "AWS::StackName", "AWS::StackId", "AWS::URLSuffix",
           "AWS::NotificationARNs", "AWS::Partition", "AWS::NoValue"}
_NO_VALUE = object()  # AWS::NoValue removes the property
# Conditions evaluated inside one another (C0: !Condition C1, C1: ...): beyond this chain, Unknown
# (each link costs a few Python frames; a hand-written template nests a handful).
_MAX_CONDITION_CHAIN = 60


def is_template(doc: Any) -> bool:
    """A CloudFormation template, even a malformed one: it declares the format version, or its
    Resources hold at least one `Type: Service::Thing` (so a Kubernetes or CI file is not taken)."""
    if not isinstance(doc, dict):
        return False
    if "AWSTemplateFormatVersion" in doc:
        return True
    resources = doc.get("Resources")
    return isinstance(resources, dict) and any(
        isinstance(r, dict) and isinstance(r.get("Type"), str) and "::" in r["Type"] for r in resources.values())


def check_shape(path: str, doc: dict[str, Any], lines: dict[str, int]) -> None:
    """The structure CloudFormation validates before anything else (ValidateTemplate fails with
    "Template format error: ..."); a template of another shape cannot be evaluated."""
    resources = doc.get("Resources")
    if resources is None or resources == {}:
        raise InputError(path, lines.get("Resources", 1), "Template format error: At least one Resources "
                         "member must be defined (add a Resources mapping with at least one resource)")
    if not isinstance(resources, dict):
        raise InputError(path, lines.get("Resources", 1),
                         f"Resources must be a mapping of logical IDs to resources, not a {_shape(resources)}")
    for logical_id, res in resources.items():
        line = lines.get(f"Resources.{logical_id}", 1)
        if logical_id.startswith("Fn::ForEach::"):
            continue  # AWS::LanguageExtensions: a loop that expands to resources, a list by design
        if not isinstance(res, dict):
            raise InputError(path, line, f"resource {logical_id} must be a mapping with a Type, not a {_shape(res)}")
        if not isinstance(res.get("Type"), str) or not res["Type"]:
            raise InputError(path, line, f"resource {logical_id} has no Type (CloudFormation rejects the template: "
                             "every resource must contain a Type member)")
    for section in ("Parameters", "Conditions", "Mappings", "Outputs"):
        value = doc.get(section)
        if value is not None and not isinstance(value, dict):
            raise InputError(path, lines.get(section, 1), f"{section} must be a mapping, not a {_shape(value)}")


def _shape(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, bool):
        return "boolean"
    return "null" if value is None else "number" if isinstance(value, int | float) else type(value).__name__


def _kind_from_format(fmt: str | None, prop: str | None = None) -> str | None:
    if fmt:
        if fmt.endswith(".Arn") or fmt.endswith("Arn"):
            return ARN
        if fmt == "AWS::KMS::Key.Id":
            return KMS_KEY_ID
        if fmt.endswith(".Name"):
            return NAME
        if fmt.endswith(".Id"):
            return ID
    if prop:
        if prop.endswith("Arn") or prop.endswith("ARN"):
            return ARN
        if prop.endswith("Name"):
            return NAME
    return None


class Template:
    def __init__(self, path: str, doc: dict[str, Any], lines: dict[str, int]) -> None:
        self.path = path
        self.doc = doc
        self.lines = lines
        params = doc.get("Parameters") or {}
        self.params: dict[str, Any] = params if isinstance(params, dict) else {}
        res = doc.get("Resources") or {}
        self.resources: dict[str, Any] = res if isinstance(res, dict) else {}
        conds = doc.get("Conditions") or {}
        self.conditions: dict[str, Any] = conds if isinstance(conds, dict) else {}
        maps = doc.get("Mappings") or {}
        self.mappings: dict[str, Any] = maps if isinstance(maps, dict) else {}
        self._cond_values: dict[str, Any] = {}
        self._cond_depth = 0

    def line(self, path: str) -> int:
        return self.lines.get(path, 1)

    # -- values -------------------------------------------------------------------------

    def param_value(self, name: str) -> Any:
        spec = self.params.get(name)
        if not isinstance(spec, dict):
            return Unknown(ref=name)
        ptype = str(spec.get("Type", "String"))
        if ptype.startswith("AWS::SSM::Parameter::"):
            # The Default of an SSM parameter type is the name of the parameter in Parameter Store; the value
            # is read at deploy time, so it is unknown here.
            return Unknown(ref=name, kind=ID if "::Id" in ptype else None)
        if "Default" in spec:
            default = spec["Default"]
            if ptype.startswith("List<") or ptype == "CommaDelimitedList":
                return [s.strip() for s in str(default).split(",")] if isinstance(default, str) else default
            return default
        return Unknown(ref=name, kind=ID if "::Id" in str(spec.get("Type", "")) else None)

    def ref(self, name: Any, refs: set[str]) -> Any:
        if not isinstance(name, str):
            return Unknown(ref="Ref")
        if name in self.params:
            refs.add(f"var.{name}")
            return self.param_value(name)
        if name == "AWS::NoValue":
            return _NO_VALUE
        if name in _PSEUDO:
            return "aws" if name == "AWS::Partition" else Unknown(ref=name)
        res = self.resources.get(name)
        if isinstance(res, dict):
            refs.add(name)
            rtype = str(res.get("Type", ""))
            info = cfn_kinds(rtype)
            kind = _kind_from_format(info.get("ref"), info.get("ref_prop"))
            return Unknown(ref=name, kind=kind, target=name, target_type=rtype, attr="Ref")
        return Unknown(ref=name)

    def getatt(self, args: Any, refs: set[str]) -> Any:
        if isinstance(args, str):
            args = args.split(".", 1)
        if not isinstance(args, list) or len(args) != 2:
            return Unknown(ref="Fn::GetAtt")
        name, attr = args[0], args[1]
        if not isinstance(attr, str):
            attr = self.eval(attr, refs)
        res = self.resources.get(name)
        if not isinstance(res, dict):
            return Unknown(ref=f"{name}.{attr}")
        refs.add(name)
        rtype = str(res.get("Type", ""))
        fmt = cfn_kinds(rtype).get("getatt", {}).get(str(attr))
        return Unknown(ref=f"{name}.{attr}", kind=_kind_from_format(fmt, str(attr)), target=name,
                       target_type=rtype, attr=str(attr))

    def condition(self, name: str) -> Any:
        if name in self._cond_values:
            return self._cond_values[name]
        if self._cond_depth >= _MAX_CONDITION_CHAIN:
            return Unknown(ref=name)  # not memoised: a shorter path may still compute it
        self._cond_values[name] = Unknown(ref=name)  # cycle guard
        self._cond_depth += 1
        try:
            value = self.eval(self.conditions.get(name), set())
        finally:
            self._cond_depth -= 1
        self._cond_values[name] = value
        return value

    def eval(self, value: Any, refs: set[str], path: str | None = None,
             meta: dict[str, Meta] | None = None, src: str | None = None) -> Any:
        """Evaluate intrinsics in `value`. With `meta`, record line and refs of every sub-path;
        `src` is the sub-path's place in the template, for its line."""
        if isinstance(value, dict):
            if len(value) == 1:
                key = next(iter(value))
                if key == "Ref" or key.startswith("Fn::") or key == "Condition":
                    return self._intrinsic(key, value[key], refs)
            out: dict[str, Any] = {}
            for k, v in value.items():
                child: set[str] = set()
                sub = f"{path}.{k}" if path else k
                got = self.eval(v, child, sub, meta, f"{src}.{k}" if src else None)
                if meta is not None:
                    meta[sub] = Meta(self.line(f"{src}.{k}") if src else 0, frozenset(child))
                refs |= child
                if got is not _NO_VALUE:
                    out[k] = got
            return out
        if isinstance(value, list):
            items = []
            for i, v in enumerate(value):
                child = set()
                sub = f"{path}.{i}" if path else str(i)
                got = self.eval(v, child, sub, meta, f"{src}.{i}" if src else None)
                if meta is not None:
                    meta[sub] = Meta(self.line(f"{src}.{i}") if src else 0, frozenset(child))
                refs |= child
                if got is not _NO_VALUE:
                    items.append(got)
            return items
        return value

    def _intrinsic(self, fn: str, arg: Any, refs: set[str]) -> Any:
        try:
            return self._intrinsic_unchecked(fn, arg, refs)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError):
            return Unknown(ref=fn)

    def _intrinsic_unchecked(self, fn: str, arg: Any, refs: set[str]) -> Any:
        if fn == "Ref":
            return self.ref(arg, refs)
        if fn == "Fn::GetAtt":
            return self.getatt(arg, refs)
        if fn == "Condition":
            return self.condition(arg)
        if fn == "Fn::Sub":
            return self._sub(arg, refs)
        if fn == "Fn::Join":
            sep, items = self.eval(arg[0], refs), self.eval(arg[1], refs)
            if isinstance(items, Unknown) or not isinstance(sep, str):
                return Unknown(ref="Fn::Join")
            return _concat([p for i, x in enumerate(items) for p in ([sep] if i else []) + [x]])
        if fn == "Fn::Select":
            idx, items = self.eval(arg[0], refs), self.eval(arg[1], refs)
            if isinstance(items, Unknown) and items.kind == "az-list" and not isinstance(idx, Unknown):
                return Unknown(ref=f"az[{int(idx)}]", kind=AZ)
            if isinstance(idx, Unknown) or not isinstance(items, list):
                return Unknown(ref="Fn::Select")
            return items[int(idx)]
        if fn == "Fn::GetAZs":
            return Unknown(ref="Fn::GetAZs", kind="az-list")
        if fn == "Fn::If":
            cond = self.condition(arg[0])
            if isinstance(cond, Unknown):
                self.eval(arg[1], refs)
                self.eval(arg[2], refs)
                return Unknown(ref=f"Fn::If {arg[0]}")
            return self.eval(arg[1] if cond else arg[2], refs)
        if fn in ("Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not"):
            vals = [self.eval(a, refs) for a in arg]
            if any(not is_known(v) for v in vals):
                return Unknown(ref=fn)
            if fn == "Fn::Equals":
                return str(vals[0]) == str(vals[1])
            if fn == "Fn::And":
                return all(vals)
            if fn == "Fn::Or":
                return any(vals)
            return not vals[0]
        if fn == "Fn::FindInMap":
            keys = [self.eval(a, refs) for a in arg[:3]]
            if not all(isinstance(k, str) for k in keys):
                return Unknown(ref="Fn::FindInMap")
            return self.mappings[keys[0]][keys[1]][keys[2]]
        if fn == "Fn::Split":
            sep, text = self.eval(arg[0], refs), self.eval(arg[1], refs)
            return text.split(sep) if isinstance(text, str) else Unknown(ref="Fn::Split")
        if fn == "Fn::Base64":
            return self.eval(arg, refs)
        if fn == "Fn::Cidr":
            block, count, bits = (self.eval(a, refs) for a in arg)
            if not all(is_known(v) for v in (block, count, bits)):
                return Unknown(ref="Fn::Cidr")
            net = ipaddress.ip_network(block, strict=False)
            if not 1 <= int(count) <= 256:  # CloudFormation's limit for Fn::Cidr's count
                return Unknown(ref="Fn::Cidr")
            subnets = net.subnets(new_prefix=net.max_prefixlen - int(bits))
            return [str(s) for s in itertools.islice(subnets, int(count))]
        if fn == "Fn::ToJsonString":
            inner = self.eval(arg, refs)
            return json.dumps(inner) if is_known(inner) else Encoded(inner)
        if fn == "Fn::Length":
            inner = self.eval(arg, refs)
            return len(inner) if isinstance(inner, list) else Unknown(ref=fn)
        return Unknown(ref=fn)

    def _sub(self, arg: Any, refs: set[str]) -> Any:
        if isinstance(arg, list):
            text, variables = arg[0], {k: self.eval(v, refs) for k, v in (arg[1] or {}).items()}
        else:
            text, variables = arg, {}
        if not isinstance(text, str):
            return Unknown(ref="Fn::Sub")
        parts: list[Any] = []
        pos = 0
        for m in _SUB_VAR.finditer(text):
            parts.append(text[pos: m.start()])
            name = m.group(1).strip()
            if name in variables:
                parts.append(variables[name])
            elif "." in name and name.split(".", 1)[0] in self.resources:
                parts.append(self.getatt(name.split(".", 1), refs))
            else:
                parts.append(self.ref(name, refs))
            pos = m.end()
        parts.append(text[pos:])
        return _concat([p.replace("${!", "${") if isinstance(p, str) else p for p in parts])

    def _either(self, props: Any, refs: set[str], meta: dict[str, Meta], src: str) -> dict[str, Any]:
        """`Properties: !If [Cond, A, B]` whose condition is unknown: the properties of both branches,
        each with its value where the branches agree and an Unknown where they do not (so that a
        property set in either branch is never reported missing). Any other intrinsic: no properties."""
        arg = props.get("Fn::If") if isinstance(props, dict) and len(props) == 1 else None
        if not (isinstance(arg, list) and len(arg) == 3):
            return {}
        branches = []
        for i in (1, 2):
            got = self.eval(arg[i], refs, None, meta, f"{src}.Fn::If.{i}")
            branches.append(got if isinstance(got, dict) else {})
        a, b = branches
        return {k: a[k] if k in a and k in b and a[k] == b[k] else Unknown(ref=f"Fn::If {arg[0]}")
                for k in {**a, **b}}

    # -- stack --------------------------------------------------------------------------

    def stack(self) -> Stack:
        stack = Stack(framework="cloudformation", path=self.path, files=[self.path])
        stack.settings["declared_resources"] = len(self.resources)  # quotas count conditional ones too
        stack.settings["section_lines"] = {k: self.line(k) for k in ("Resources", "Parameters", "Outputs")
                                           if k in self.doc}
        for name, spec in self.params.items():
            has = isinstance(spec, dict) and "Default" in spec
            stack.variables[name] = Variable(name, spec.get("Default") if has else None, self.path,
                                             self.line(f"Parameters.{name}"), has,
                                             str(spec.get("Type")) if isinstance(spec, dict) else None)
        for logical_id, res in self.resources.items():
            if not isinstance(res, dict):
                continue  # Fn::ForEach::Name (language extensions): not expanded here
            cond = res.get("Condition")
            if isinstance(cond, str) and self.condition(cond) is False:
                continue  # not created with the parameters' defaults
            meta: dict[str, Meta] = {}
            refs: set[str] = set()
            props = res.get("Properties") or {}
            src = f"Resources.{logical_id}.Properties"
            values = self.eval(props, refs, None, meta, src) if isinstance(props, dict) else {}
            if not isinstance(values, dict):  # Properties: !If [...] with an unknown condition, !Ref ...
                meta = {}
                values = self._either(props, refs, meta, src)
            depends = res.get("DependsOn") or []
            depends = [depends] if isinstance(depends, str) else [d for d in depends if isinstance(d, str)] \
                if isinstance(depends, list) else []
            line = self.line(f"Resources.{logical_id}")
            stack.resources.append(Resource(
                address=logical_id, type=str(res.get("Type", "")), name=logical_id, framework="cloudformation",
                file=self.path, line=line, attrs=values, meta=meta, depends_on=depends,
                references={r for r in refs if not r.startswith("var.")},
                lifecycle={k: res[k] for k in ("DeletionPolicy", "UpdateReplacePolicy", "Metadata") if k in res},
            ))
        outputs = self.doc.get("Outputs") or {}
        for name, spec in (outputs.items() if isinstance(outputs, dict) else []):
            if not isinstance(spec, dict):
                continue
            refs = set()
            value = self.eval(spec.get("Value"), refs)
            stack.outputs.append(Output(name, value, frozenset(refs), self.path, self.line(f"Outputs.{name}")))
        stack.settings["transform"] = self.doc.get("Transform")
        return stack


def _concat(parts: list[Any]) -> Any:
    flat: list[Any] = []
    for p in parts:
        if isinstance(p, Unknown) and p.parts:
            flat.extend(p.parts)
        elif isinstance(p, int | float) and not isinstance(p, bool):
            flat.append(str(p))
        else:
            flat.append(p)
    if all(isinstance(p, str) for p in flat):
        return "".join(flat)
    ref = next((p.ref for p in flat if isinstance(p, Unknown)), "Fn::Sub")
    return Unknown(ref=ref, parts=tuple(p if isinstance(p, str | Unknown) else Unknown(ref="value") for p in flat))


def load_template(path: str, data: bytes) -> Stack | None:
    """The template's Stack, or None when the file is not a CloudFormation template."""
    from stackcheck.loaders.yamlnodes import load_with_lines

    duplicates: list[tuple[str, int, int]] = []
    doc, lines = load_with_lines(path, data, duplicates)
    if not is_template(doc):
        return None
    if duplicates:
        key, line, first = duplicates[0]
        # CloudFormation keeps the last value silently; cfn-lint (E0000) and `aws cloudformation
        # deploy` (YAML) refuse the file, and the first value is almost always a lost edit.
        raise InputError(path, line, f"duplicate key {key.rsplit('.', 1)[-1]!r} (first at line {first}): "
                         "CloudFormation would silently keep only this last one; remove or rename one of them")
    check_shape(path, doc, lines)
    try:
        return Template(path, doc, lines).stack()
    except RecursionError:  # the document's depth is bounded; this is a backstop, not a path taken
        raise InputError(path, 1, "intrinsic functions nested too deeply to evaluate") from None
