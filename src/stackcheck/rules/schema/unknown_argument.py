"""SC004: an argument or property the resource type does not have (with "did you mean")."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.schema.walk import NOT_ARGUMENTS, cfn_schema, per_resource, tf_blocks

# Arguments removed in AWS provider v5, with their replacement, from the v5 upgrade guide
# (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-5-upgrade).
REMOVED_V5: dict[tuple[str, str], str] = {
    ("aws_elasticache_replication_group", "replication_group_description"): "description",
    ("aws_elasticache_replication_group", "number_cache_clusters"): "num_cache_clusters",
    ("aws_elasticache_replication_group", "availability_zones"): "preferred_cache_cluster_azs",
    ("aws_elasticache_replication_group", "cluster_mode"): "num_node_groups and replicas_per_node_group",
    ("aws_db_instance", "name"): "db_name",
    ("aws_db_instance", "security_group_names"): "vpc_security_group_ids",
    ("aws_msk_cluster", "broker_node_group_info.ebs_volume_size"):
        "broker_node_group_info.storage_info.ebs_storage_info.volume_size",
    ("aws_route", "instance_id"): "network_interface_id",
    ("aws_ce_anomaly_subscription", "threshold"): "threshold_expression",
}


def _suggest(name: str, candidates: list[str]) -> tuple[str, str]:
    """(" (did you mean X?)", "use X") or ("", "remove it") when nothing is close."""
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]}?)", f"rename it to {close[0]}"
    return "", f"remove {name}; see the resource's documentation for the argument you meant"


def _terraform(res: Resource) -> Iterator[Finding]:
    for prefix, block, values in tf_blocks(res):
        attrs, blocks = block.get("a", {}), block.get("k", {})
        for name in values:
            if name in attrs or name in blocks or name in NOT_ARGUMENTS or name.startswith("//"):
                if name in attrs and attrs[name].get("c") and not (attrs[name].get("o") or attrs[name].get("r")):
                    yield RULE.finding(res, prefix + name, f"{name} is computed by the provider and cannot be set "
                                       f"in {res.type}; terraform validate fails (Value for unconfigurable attribute)",
                                       f"remove {name}")
                continue
            plain = (prefix.split(".")[0] + "." + name) if prefix else name
            replacement = REMOVED_V5.get((res.type, plain)) or REMOVED_V5.get((res.type, name))
            if replacement:
                yield RULE.finding(res, prefix + name, f"{name} was removed from {res.type} in AWS provider v5; "
                                   f'terraform validate fails: An argument named "{name}" is not expected here',
                                   f"use {replacement} instead")
                continue
            hint, fix = _suggest(name, [*attrs, *blocks])
            yield RULE.finding(res, prefix + name, f"{res.type} has no argument {name}{hint}; terraform validate "
                               f'fails: An argument named "{name}" is not expected here', fix)


def _cloudformation(res: Resource) -> Iterator[Finding]:
    schema = cfn_schema(res)
    if schema is None or not schema.get("x"):
        return
    props = schema["p"]
    for name in res.attrs:
        if name in props:
            continue
        hint, fix = _suggest(name, list(props))
        yield RULE.finding(res, name, f"{res.type} has no property {name}{hint}; CloudFormation rejects the "
                           "template (Encountered unsupported property)", fix)


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    return per_resource(stack, _terraform, _cloudformation)


RULE = Rule(
    id="SC004", name="unknown-argument",
    title="Argument or property the resource type does not have",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="validate",
    finds="A Terraform argument (at any block depth) that the provider 5.100.0 schema does not define, "
          "including arguments removed in v5 (with their replacement) and computed-only attributes; a "
          "CloudFormation property that the resource type's schema does not define. Close names are suggested.",
    why="Terraform decodes the configuration against the provider schema and stops on an unknown name; "
        "CloudFormation validates properties against the resource schema before creating anything.",
    error='Error: Unsupported argument: An argument named "replication_group_description" is not expected here.',
    broken='resource "aws_elasticache_replication_group" "r" {\n  replication_group_description = "cache"\n}',
    fixed='resource "aws_elasticache_replication_group" "r" {\n  description = "cache"\n}',
    evidence=(
        "Terraform AWS provider 5.100.0 schema (terraform providers schema -json), tools/generate_data.py tf",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-5-upgrade",
        "cfn-lint's CloudFormation resource schemas, tools/generate_data.py cfnschema",
    ),
    limits="CloudFormation: top-level properties of types whose schema forbids others.",
    check=check,
    origin="schema",
)
