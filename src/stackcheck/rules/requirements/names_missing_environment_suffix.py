"""SC901: physical names that do not use the stack's environment suffix."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_list
from stackcheck.rules.base import Context, Rule

SUFFIX_VAR = re.compile(r"^(env(ironment)?[_-]?suffix|suffix)$", re.IGNORECASE)
TF_NAME_ATTRS = ("name", "bucket", "function_name", "cluster_identifier", "identifier", "replication_group_id",
                 "family", "creation_token")
CFN_NAME_PROPS = ("Name", "BucketName", "FunctionName", "DBClusterIdentifier", "DBInstanceIdentifier",
                  "ReplicationGroupId", "Family", "TableName", "QueueName", "TopicName", "RoleName", "GroupName",
                  "ClusterName", "LogGroupName", "RepositoryName", "StreamName")
# Names scoped to a parent resource cannot collide between environments.
SCOPED = ("aws_iam_role_policy", "aws_api_gateway_", "aws_apigatewayv2_route", "aws_apigatewayv2_stage",
          "aws_lb_listener", "aws_security_group_rule", "aws_route", "AWS::ApiGateway::", "AWS::ApiGatewayV2::Route",
          "AWS::ApiGatewayV2::Stage", "aws_ecs_service", "AWS::ECS::Service",
          # unique within their namespace, which carries the suffix
          "aws_service_discovery_service", "AWS::ServiceDiscovery::Service",
          # names of what they attach to, not names of their own
          "aws_vpc_endpoint", "AWS::EC2::VPCEndpoint", "aws_iam_role_policy_attachment")


def _name_fields(res: Resource) -> list[tuple[str, Any]]:
    if res.framework == "terraform":
        out = [(a, res.attrs[a]) for a in TF_NAME_ATTRS if a in res.attrs]
        tags = res.attrs.get("tags")
        if isinstance(tags, dict) and "Name" in tags:
            out.append(("tags.Name", tags["Name"]))
        return out[:2]
    out = [(p, res.attrs[p]) for p in CFN_NAME_PROPS if p in res.attrs]
    for tag_prop in ("Tags", "FileSystemTags"):
        for i, tag in enumerate(as_list(res.attrs.get(tag_prop))):
            if isinstance(tag, dict) and tag.get("Key") == "Name":
                out.append((f"{tag_prop}.{i}.Value", tag.get("Value")))
    return out


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    suffix = next((n for n in stack.variables if SUFFIX_VAR.match(n)), None)
    if suffix is None:
        return
    needle = f"var.{suffix}"
    for res in stack.resources:
        if res.type.startswith(SCOPED):
            continue
        for attr, value in _name_fields(res):
            if not (isinstance(value, str) or (isinstance(value, Unknown) and value.parts)):
                continue  # a reference to another resource's name inherits it
            if needle in res.refs_of(attr):
                continue
            shown = attr.replace(".0.Value", ".Name").replace(".1.Value", ".Name")
            ref = f"${{var.{suffix}}}" if res.framework == "terraform" else f"${{{suffix}}}"
            yield RULE.finding(
                res, shown if shown.endswith("Name") else attr,
                f'{shown} "{value}" does not include the environment suffix ({suffix}): two environments or PR '
                "stacks deployed side by side collide on this name",
                f'append the suffix: "{value}-{ref}"',
                line=res.line_of(attr),
            )


RULE = Rule(
    id="SC901", name="names-missing-environment-suffix",
    title="Physical name without the environment suffix",
    severity="medium", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="When the stack declares an environment suffix (variable/parameter environment_suffix, "
          "EnvironmentSuffix, env_suffix), every explicit physical name or Name tag that is not built from it.",
    why="Names of clusters, log groups, repositories, secrets, roles and streams are unique per account and "
        "region; parallel deployments fail with AlreadyExists errors, or silently share resources.",
    error="ResourceAlreadyExistsException: The specified log group already exists",
    broken='resource "aws_ecs_cluster" "main" { name = "${local.prefix}-cluster" }',
    fixed='resource "aws_ecs_cluster" "main" { name = "${local.prefix}-cluster-${var.environment_suffix}" }',
    evidence=("https://github.com/terraform-aws-modules/terraform-aws-notify-slack/issues/111",
              "https://github.com/hashicorp/terraform/issues/20175"),
    check=check,
    origin="seed",
)
