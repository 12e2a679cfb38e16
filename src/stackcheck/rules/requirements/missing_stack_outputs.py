"""SC902: data stores whose endpoints or ARNs the stack does not output."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Encoded, Unknown
from stackcheck.rules.base import Context, Rule

# What a consumer of the stack needs from each resource: any one of these attributes in an output.
WANTED: dict[str, tuple[set[str], str]] = {
    "aws_rds_cluster": ({"endpoint", "reader_endpoint"}, "endpoint"),
    "AWS::RDS::DBCluster": ({"Endpoint.Address", "ReadEndpoint.Address"}, "Endpoint.Address"),
    "aws_elasticache_replication_group": ({"primary_endpoint_address", "configuration_endpoint_address"},
                                          "primary_endpoint_address"),
    "AWS::ElastiCache::ReplicationGroup": ({"PrimaryEndPoint.Address", "ConfigurationEndPoint.Address"},
                                           "PrimaryEndPoint.Address"),
    "aws_efs_file_system": ({"id", "arn", "dns_name"}, "id"),
    "AWS::EFS::FileSystem": ({"Ref", "FileSystemId", "Arn"}, "Ref"),
    "aws_secretsmanager_secret": ({"arn", "id"}, "arn"),
    "AWS::SecretsManager::Secret": ({"Ref", "Id"}, "Ref"),
    "aws_kinesis_stream": ({"arn", "id"}, "arn"),
    "AWS::Kinesis::Stream": ({"Arn"}, "Arn"),
    "aws_kms_key": ({"arn"}, "arn"),
    "AWS::KMS::Key": ({"Arn"}, "Arn"),
    "aws_lb": ({"dns_name", "arn"}, "dns_name"),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": ({"DNSName", "Ref"}, "DNSName"),
}


def _unknowns(value: Any) -> Iterator[Unknown]:
    if isinstance(value, Unknown):
        yield value
        for p in value.parts:
            yield from _unknowns(p)
    elif isinstance(value, Encoded):
        yield from _unknowns(value.value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _unknowns(v)
    elif isinstance(value, list):
        for v in value:
            yield from _unknowns(v)


def _output_example(stack: Stack, name: str, res: Any, attr: str) -> str:
    kind = stack.settings.get("program", {}).get("kind")
    if kind == "pulumi":
        return f'pulumi.export("{name}_{attr}", <{name} resource>.{attr})'
    if kind == "cdktf":
        return f'TerraformOutput(self, "{name}_{attr}", value=<{name}>.{attr})'
    if res.framework == "terraform":
        return f'output "..." {{ value = {res.base_address}.{attr} }}'
    value = f"!Ref {res.address}" if attr == "Ref" else f"!GetAtt {res.address}.{attr}"
    return f"Outputs: {{X: {{Value: {value}}}}}"


def _deployed_alone(stack: Stack) -> bool:
    """A stack that is deployed as it is: a template, a CDK/CDKTF/Pulumi stack, a Terraform root module."""
    if stack.framework != "terraform" or stack.settings.get("program"):
        return True
    return bool(stack.settings.get("provider_blocks") or stack.settings.get("backend"))


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    if not stack.outputs and not (ctx.param("require_outputs", False) and _deployed_alone(stack)):
        # A stack that exports nothing is held to the same requirement as one that exports some (the production
        # profile's require_outputs); a Terraform module's caller exports, so a module is not.
        return
    exported: set[tuple[str, str]] = set()
    for out in stack.outputs:
        for u in _unknowns(out.value):
            if u.target:
                exported.add((stack.by_address[u.target].base_address if u.target in stack.by_address else u.target,
                              u.attr or ""))
    for res in stack.of_type(*WANTED):
        wanted, example = WANTED[res.type]
        if any((res.base_address, a) in exported for a in wanted):
            continue
        how = _output_example(stack, res.label or res.base_address, res, example)
        yield RULE.finding(
            res, None,
            f"the stack does not output {res.address}'s {' or '.join(sorted(wanted))}: applications and "
            "integration tests that use this stack cannot find it",
            f"add an output: {how}",
        )


RULE = Rule(
    id="SC902", name="missing-stack-outputs",
    title="Endpoint or ARN of a data store not exported",
    severity="low", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="Databases, caches, file systems, secrets, streams, keys and load balancers none of whose "
          "endpoint/ARN/ID attributes appears in a stack output.",
    why="Requirement profile: a stack exports what its consumers and integration tests need.",
    error="",
    broken='output "aurora_cluster_id" { value = aws_rds_cluster.aurora.id }',
    fixed='output "aurora_writer_endpoint" { value = aws_rds_cluster.aurora.endpoint }',
    evidence=("https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html",
              "https://developer.hashicorp.com/terraform/language/values/outputs"),
    limits="A stack with no output at all is judged too, unless the profile sets require_outputs = false (then "
           "only stacks that export some data stores and not others are). A Terraform directory without a "
           "provider or backend block is taken for a module, whose caller exports. Only resources of the root "
           "module are expected in the root's outputs.",
    check=check,
    origin="seed",
)
