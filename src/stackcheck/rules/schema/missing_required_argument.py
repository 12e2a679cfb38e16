"""SC005: a required argument or property left out."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.schema.walk import cfn_schema, per_resource, tf_blocks


def _terraform(res: Resource) -> Iterator[Finding]:
    for prefix, block, values in tf_blocks(res):
        where = f"the {prefix.rstrip('.0123456789').rstrip('.')} block of {res.type}" if prefix else res.type
        for name, spec in block.get("a", {}).items():
            if spec.get("r") and name not in values:
                yield RULE.finding(res, prefix.rstrip(".") or None, f'{where} requires the argument "{name}", '
                                   f'which is not set; terraform validate fails: Missing required argument',
                                   f"set {name}", line=res.line_of(prefix.rstrip(".")) if prefix else res.line)
        for name, spec in block.get("k", {}).items():
            if spec.get("min", 0) >= 1 and not values.get(name):
                yield RULE.finding(res, prefix.rstrip(".") or None, f'{where} requires at least {spec["min"]} '
                                   f'"{name}" block(s); terraform validate fails: Insufficient {name} blocks',
                                   f"add a {name} {{ ... }} block", line=res.line_of(prefix.rstrip(".")) if prefix else res.line)


def _cloudformation(res: Resource) -> Iterator[Finding]:
    schema = cfn_schema(res)
    if schema is None:
        return
    for name in schema.get("r", []):
        if name not in res.attrs:
            yield RULE.finding(res, None, f"{res.type} requires the property {name}, which is not set; "
                               "CloudFormation rejects the template (required key not found)", f"set {name}")


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    return per_resource(stack, _terraform, _cloudformation)


RULE = Rule(
    id="SC005", name="missing-required-argument",
    title="Required argument or property not set",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="validate",
    finds="A Terraform resource or nested block without an argument (or a minimum number of blocks) that the "
          "provider schema marks required; a CloudFormation resource without a property its schema requires.",
    why="Both tools check required fields before planning or creating anything.",
    error='Error: Missing required argument: The argument "description" is required, but no definition was found.',
    broken='resource "aws_elasticache_replication_group" "r" {\n  replication_group_id = "cache"\n}',
    fixed='resource "aws_elasticache_replication_group" "r" {\n  replication_group_id = "cache"\n'
          '  description          = "session cache"\n}',
    evidence=(
        "Terraform AWS provider 5.100.0 schema (required, min_items), tools/generate_data.py tf",
        "cfn-lint's CloudFormation resource schemas (required), tools/generate_data.py cfnschema",
    ),
    limits="A value set to null counts as set; a property set only under a false condition counts as set.",
    check=check,
    origin="schema",
)
