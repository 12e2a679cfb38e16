"""Walk a resource's written values alongside its schema (Terraform provider or CloudFormation)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from stackcheck.data import cfn_resource_schema, tf_resource_schema
from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack

# Keys that are not arguments: cdktf's "//" metadata, and Terraform's meta-arguments in JSON syntax.
NOT_ARGUMENTS = {"//", "count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"}


def tf_blocks(res: Resource) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(path prefix, block schema, written values) for the resource and every nested block written."""
    schema = tf_resource_schema(res.type)
    if schema is None:
        return
    todo: list[tuple[str, dict[str, Any], dict[str, Any]]] = [("", schema, res.attrs)]
    while todo:
        path, block, values = todo.pop()
        yield path, block, values
        for name, spec in block.get("k", {}).items():
            items = values.get(name)
            items = [items] if isinstance(items, dict) else items if isinstance(items, list) else []
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    todo.append((f"{path}{name}.{i}.", spec["b"], item))


def cfn_schema(res: Resource) -> dict[str, Any] | None:
    if res.type.startswith(("Custom::", "AWS::CloudFormation::CustomResource")):
        return None
    return cfn_resource_schema(res.type)


def schema_applies(stack: Stack) -> bool:
    """The shipped provider 5.100.0 schema judges Terraform and CDKTF stacks. Pulumi programs are checked by
    their own SDK's signatures (pulumi-aws v7 is bridged from a newer provider), so schema rules skip them."""
    return stack.settings.get("program", {}).get("kind") != "pulumi"


def per_resource(stack: Stack, terraform: Callable[[Resource], Iterator[Finding]],
                 cloudformation: Callable[[Resource], Iterator[Finding]]) -> Iterator[Finding]:
    """Run a schema rule's per-framework check over every resource the shipped schemas judge."""
    if not schema_applies(stack):
        return
    for res in stack.resources:
        yield from (terraform(res) if res.framework == "terraform" else cloudformation(res))
