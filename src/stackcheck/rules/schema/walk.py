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
    if stack.settings.get("program", {}).get("kind") == "pulumi":
        return False
    if stack.framework == "terraform":
        return _provider_admits_shipped_schema(stack)
    # A macro (other than SAM's) rewrites the template before CloudFormation validates it: the template as
    # written is not what CloudFormation checks against the resource schemas.
    transforms = stack.settings.get("transform")
    names = transforms if isinstance(transforms, list) else [transforms] if transforms else []
    return all(isinstance(t, str) and t in KNOWN_TRANSFORMS for t in names)


# Transforms whose output keeps the template's own resources as written (SAM adds AWS::Serverless::*
# resources, which the schemas do not know and the schema rules skip; LanguageExtensions resolves intrinsics).
KNOWN_TRANSFORMS = {"AWS::Serverless-2016-10-31", "AWS::LanguageExtensions"}


def _provider_admits_shipped_schema(stack: Stack) -> bool:
    """False when the stack pins an AWS provider that excludes the shipped schema's version (e.g. >= 6.0):
    its arguments differ (v6 adds `region` everywhere), so the v5 schema must not judge it."""
    from stackcheck.data import tf_schema_source
    from stackcheck.model.versions import admits, parse_constraints, parse_version

    aws = stack.settings.get("required_providers", {}).get("aws", {})
    constraint = aws.get("version") if isinstance(aws, dict) else None
    if not isinstance(constraint, str):
        return True
    shipped = parse_version(tf_schema_source()["provider_version"])
    return shipped is None or admits(parse_constraints(constraint), shipped)


def per_resource(stack: Stack, terraform: Callable[[Resource], Iterator[Finding]],
                 cloudformation: Callable[[Resource], Iterator[Finding]]) -> Iterator[Finding]:
    """Run a schema rule's per-framework check over every resource the shipped schemas judge."""
    if not schema_applies(stack):
        return
    for res in stack.resources:
        yield from (terraform(res) if res.framework == "terraform" else cloudformation(res))
