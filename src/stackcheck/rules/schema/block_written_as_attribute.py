"""SC001: a Terraform nested block written as an attribute (`filter = {...}`), or the reverse."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.data import tf_resource_schema
from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.schema.walk import schema_applies


def _attr_as_blocks(attr: dict[str, Any]) -> bool:
    """A list/set-of-objects argument may be written as blocks ("attributes as blocks" mode)."""
    t = attr.get("t")
    return isinstance(t, list) and len(t) == 2 and t[0] in ("list", "set") and \
        isinstance(t[1], list) and t[1][:1] == ["object"]


def _walk(res: Resource, schema: dict[str, Any], values: dict[str, Any], path: str) -> Iterator[Finding]:
    blocks = schema.get("k", {})
    attrs = schema.get("a", {})
    for name, value in values.items():
        sub = f"{path}.{name}" if path else name
        if name in blocks:
            if not res.written_as_block(sub) and f"{sub}.0" not in res.meta:
                yield RULE.finding(
                    res, sub,
                    f'"{name}" is a nested block in {res.type}, but it is written as an argument '
                    f'({name} = ...); terraform validate fails: An argument named "{name}" is not expected here. '
                    f'Did you mean to define a block of type "{name}"?',
                    f"write it as a block, without the equals sign: {name} {{ ... }}",
                )
                continue
            for i, item in enumerate(values[name] if isinstance(value, list) else []):
                if isinstance(item, dict):
                    yield from _walk(res, blocks[name]["b"], item, f"{sub}.{i}")
        elif name in attrs and res.written_as_block(sub) and not _attr_as_blocks(attrs[name]):
            yield RULE.finding(
                res, sub,
                f'"{name}" is an argument of {res.type}, but it is written as a block ({name} {{ ... }}); '
                f'terraform validate fails: Blocks of type "{name}" are not expected here.',
                f"assign it instead: {name} = ...",
            )


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    if not schema_applies(stack) or stack.settings.get("program"):
        return  # a synthesized program (CDKTF) is JSON syntax, reported at the program's lines
    for res in stack.resources:
        if res.file.endswith(".json"):
            continue  # JSON syntax has no block/attribute distinction
        schema = tf_resource_schema(res.type)
        if schema is not None:
            yield from _walk(res, schema, res.attrs, "")


RULE = Rule(
    id="SC001", name="tf-block-written-as-attribute",
    title="Nested block written as an argument (or an argument as a block)",
    severity="high", blocker=True, category="deploy-blocker", frameworks=("terraform",), stage="validate",
    finds="In native Terraform syntax, a name that the provider schema defines as a nested block written with "
          "`=` (an object), or an argument written as a block.",
    why="HCL distinguishes blocks from arguments; the provider schema fixes which each name is, and Terraform "
        "rejects the other form before planning.",
    error='Error: Unsupported argument: An argument named "filter" is not expected here. Did you mean to define '
          'a block of type "filter"?',
    broken='rule {\n  filter = {\n    prefix = "raw/"\n  }\n}',
    fixed='rule {\n  filter {\n    prefix = "raw/"\n  }\n}',
    evidence=(
        "Terraform AWS provider 5.100.0 schema (terraform providers schema -json), via tools/generate_data.py tf",
        "https://github.com/hashicorp/terraform-provider-aws/issues/9130",
        "https://developer.hashicorp.com/terraform/language/attr-as-blocks",
    ),
    limits="Dynamic blocks are expanded first; attributes the provider declares as 'attributes as blocks' "
           "follow the schema.",
    check=check,
    origin="schema",
)
