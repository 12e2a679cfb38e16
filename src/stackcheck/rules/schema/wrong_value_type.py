"""SC006: a value whose type the argument or property cannot take (a list for a string, "yes" for a bool)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Encoded, Unknown
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.schema.walk import cfn_schema, per_resource, tf_blocks


def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def tf_problem(t: Any, value: Any) -> str | None:
    """Why Terraform cannot convert `value` to type `t`, or None (unknown values never fail)."""
    if value is None or isinstance(value, Unknown | Encoded):
        return None
    kind = t[0] if isinstance(t, list) else t
    if kind == "bool":
        if isinstance(value, bool) or (isinstance(value, str) and value in ("true", "false")):
            return None
        return "a bool is required"
    if kind == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return None
        if isinstance(value, str) and _number(value):
            return None
        return "a number is required"
    if kind == "string":
        return "a string is required" if isinstance(value, list | dict) else None
    if kind in ("list", "set"):
        return None if isinstance(value, list) else f"a {kind} is required"
    if kind in ("map", "object"):
        return None if isinstance(value, dict) else f"a{'n' if kind == 'object' else ''} {kind} is required"
    return None


def cfn_problem(t: Any, value: Any) -> str | None:
    if value is None or isinstance(value, Unknown | Encoded):
        return None
    kinds = t if isinstance(t, list) else [t]
    for kind in kinds:
        if kind == "string" and not isinstance(value, list | dict):
            return None
        if kind in ("integer", "number") and (
                (isinstance(value, int | float) and not isinstance(value, bool))
                or (isinstance(value, str) and _number(value))):
            return None
        if kind == "boolean" and (isinstance(value, bool) or str(value).lower() in ("true", "false")):
            return None
        if kind == "array" and isinstance(value, list):
            return None
        if kind == "object" and isinstance(value, dict):
            return None
    return f"expected {' or '.join(kinds)}"


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) < 60 else text[:57] + "..."


def _terraform(res: Resource) -> Iterator[Finding]:
    for prefix, block, values in tf_blocks(res):
        for name, spec in block.get("a", {}).items():
            problem = tf_problem(spec.get("t"), values.get(name))
            if problem:
                yield RULE.finding(res, prefix + name, f"{name} = {_shown(values[name])}: {problem} "
                                   f"({res.type}.{name} is {spec.get('t')}); terraform validate fails: "
                                   "Incorrect attribute value type",
                                   f"give {name} a {spec.get('t')} value")


def _cloudformation(res: Resource) -> Iterator[Finding]:
    schema = cfn_schema(res)
    if schema is None:
        return
    for name, spec in schema["p"].items():
        value = res.attrs.get(name)
        if "t" in spec:
            problem = cfn_problem(spec["t"], value)
            if problem:
                yield RULE.finding(res, name, f"{name} = {_shown(value)}: {problem}; CloudFormation rejects the "
                                   "template (Value of property ... does not match type)", f"give {name} a {spec['t']}")
                continue
        enum = spec.get("e")
        if enum and isinstance(value, str) and value not in enum:
            yield RULE.finding(res, name, f'{name} = "{value}" is not one of the values the schema allows '
                               f"({', '.join(map(str, enum[:12]))}{', ...' if len(enum) > 12 else ''})",
                               f"use one of: {', '.join(map(str, enum[:12]))}", blocker=False, severity="medium")


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    return per_resource(stack, _terraform, _cloudformation)


RULE = Rule(
    id="SC006", name="wrong-value-type",
    title="Value of the wrong type (or outside the allowed values)",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="validate",
    finds="A known value that cannot be converted to the argument's type in the provider schema (\"yes\" for a "
          "bool, text for a number, an object for a string, a string for a list), or a CloudFormation property "
          "value of the wrong JSON type. CloudFormation values outside the schema's enum are reported as "
          "medium, non-blocking (schemas' enums can lag behind the service).",
    why="Terraform converts between strings, numbers and bools only where the text parses; CloudFormation "
        "validates property types against the resource schema before creating anything.",
    error='Error: Incorrect attribute value type: Inappropriate value for attribute "enabled": a bool is required.',
    broken='resource "aws_cloudwatch_metric_alarm" "a" {\n  actions_enabled = "yes"\n}',
    fixed='resource "aws_cloudwatch_metric_alarm" "a" {\n  actions_enabled = true\n}',
    evidence=(
        "https://developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-primitive-types",
        "Terraform AWS provider 5.100.0 schema (attribute types), tools/generate_data.py tf",
        "cfn-lint's CloudFormation resource schemas (type, enum), tools/generate_data.py cfnschema",
    ),
    limits="String-typed booleans (e.g. at_rest_encryption_enabled) are strings in the schema; their value "
           "check is the provider's and not covered here. CloudFormation: top-level properties only.",
    check=check,
    origin="schema",
)
