"""SC702: a resource constructor given a keyword argument it does not have (renamed or removed)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.programs.support import closest, failures, finding, program_label
from stackcheck.rules.schema.unknown_argument import REMOVED_V5


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for f in failures(stack, "keyword"):
        name = f.get("name") or "?"
        replacement = REMOVED_V5.get((f.get("resource_type") or "", name))
        near = replacement or closest(name, list(f.get("candidates") or []))
        why = f"{name} was removed in AWS provider v5; use {replacement}" if replacement else (
            f"did you mean {near}?" if near else "see the class's documentation")
        yield finding(RULE, stack, f, f"{program_label(stack)} stops: {f.get('class_name') or 'the constructor'} has "
                      f"no argument {name} ({f.get('message')}); {why}",
                      f"use {near} instead of {name}" if near else f"remove {name}")


RULE = Rule(
    id="SC702", name="program-unexpected-keyword",
    title="Constructor given an argument it does not have",
    severity="critical", blocker=True, category="deploy-blocker",
    frameworks=("cdktf", "pulumi", "cdk"), stage="synth",
    finds="A resource constructor in a CDKTF, Pulumi or AWS CDK program called with a keyword argument that "
          "its class does not accept, usually one renamed or removed in a provider major version "
          "(replication_group_description -> description in AWS provider v5; Deployment stage_name in "
          "pulumi-aws v7; VpcLink target_arns -> target_arn).",
    why="The bindings' constructors have fixed signatures; Python raises TypeError before the resource exists.",
    error="TypeError: ElasticacheReplicationGroup.__init__() got an unexpected keyword argument "
          "'replication_group_description'",
    broken='ElasticacheReplicationGroup(self, "redis", replication_group_description="cache")',
    fixed='ElasticacheReplicationGroup(self, "redis", description="cache")',
    evidence=("https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-5-upgrade",
              "../shared/seeds/003 and ../shared/seeds/004 (the TypeErrors from real programs)"),
    check=check,
    origin="program",
)
