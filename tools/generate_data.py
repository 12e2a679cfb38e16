#!/usr/bin/env python3
"""Generate stackcheck's committed data files from authoritative machine-readable sources.

    python tools/generate_data.py            # all
    python tools/generate_data.py cfn        # CloudFormation reference kinds (from cfn-lint's schemas)
    python tools/generate_data.py tf         # Terraform AWS provider schema (needs terraform + /opt/tf-plugins)

Outputs go to src/stackcheck/data/ with a `_source` header naming the source and its version.
They are committed, so stackcheck never needs terraform, cfn-lint or network at run time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from importlib.metadata import version as _version
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "src" / "stackcheck" / "data"
PLUGIN_DIR = os.environ.get("TF_PLUGIN_DIR", "/opt/tf-plugins")
PROVIDER_VERSION = "5.100.0"


def generate_cfn_kinds() -> None:
    """What `Ref` and `Fn::GetAtt` of each CloudFormation type return, as cfn-lint's schema `format`s.

    The primary identifier is what Ref returns; read-only properties with a `format`
    (e.g. AWS::KMS::Key.Arn) are the GetAtt attributes.
    """
    import cfnlint
    from cfnlint.data.schemas.providers import us_east_1

    root = Path(cfnlint.__file__).parent / "data" / "schemas" / "resources"
    out: dict[str, Any] = {}
    for rtype, digest in sorted(us_east_1.types.items()):
        path = root / f"{digest}.json"
        if not path.exists():
            continue
        schema = json.loads(path.read_text())
        props = schema.get("properties", {})
        entry: dict[str, Any] = {}
        primary = schema.get("primaryIdentifier") or []
        if len(primary) == 1:
            name = primary[0].split("/")[-1]
            entry["ref_prop"] = name
            fmt = props.get(name, {}).get("format")
            if fmt:
                entry["ref"] = fmt
        attrs = {}
        for ro in schema.get("readOnlyProperties", []):
            name = ro.removeprefix("/properties/").replace("/", ".")
            fmt = props.get(name, {}).get("format") if "." not in name else None
            if fmt:
                attrs[name] = fmt
        if attrs:
            entry["getatt"] = attrs
        if entry:
            out[rtype] = entry
    payload = {"_source": {"source": "cfn-lint resource schemas (us-east-1)", "cfn_lint": _version("cfn-lint"),
                           "generated_by": "tools/generate_data.py cfn"}, "types": out}
    (DATA / "cfn_kinds.json").write_text(json.dumps(payload, indent=0, sort_keys=True) + "\n")
    print(f"cfn_kinds.json: {len(out)} types")


def generate_tf_schema() -> None:
    """The AWS provider's resource schemas, one compact JSON line per type plus an offset index,
    so a scan loads only the types it meets."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "main.tf").write_text(
            'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
            f'      version = "{PROVIDER_VERSION}"\n    }}\n  }}\n}}\n')
        env = {**os.environ, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
        subprocess.run(["terraform", "init", "-backend=false", f"-plugin-dir={PLUGIN_DIR}", "-input=false"],
                       cwd=tmp, check=True, capture_output=True, env=env)
        raw = subprocess.run(["terraform", "providers", "schema", "-json"], cwd=tmp, check=True,
                             capture_output=True, env=env).stdout
        version = subprocess.run(["terraform", "version", "-json"], cwd=tmp, check=True,
                                 capture_output=True, env=env).stdout
    schema = json.loads(raw)["provider_schemas"]["registry.terraform.io/hashicorp/aws"]
    lines: list[str] = []
    index: dict[str, list[int]] = {}
    offset = 0
    for rtype, entry in sorted(schema["resource_schemas"].items()):
        compact = json.dumps(_compact_block(entry["block"]), separators=(",", ":"), sort_keys=True)
        data = compact.encode()
        index[rtype] = [offset, len(data)]
        lines.append(compact)
        offset += len(data) + 1
    (DATA / "tf_aws_schema.jsonl").write_text("\n".join(lines) + "\n")
    meta = {"_source": {"source": "terraform providers schema -json", "provider": "hashicorp/aws",
                        "provider_version": PROVIDER_VERSION,
                        "terraform_version": json.loads(version)["terraform_version"],
                        "generated_by": "tools/generate_data.py tf"},
            "index": index}
    (DATA / "tf_aws_schema.idx").write_text(json.dumps(meta, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"tf_aws_schema: {len(index)} resource types, {offset} bytes")


def _compact_block(block: dict[str, Any]) -> dict[str, Any]:
    """Keep what rules use: each attribute's type and flags, each nested block's nesting and limits."""
    attrs = {}
    for name, a in block.get("attributes", {}).items():
        entry: dict[str, Any] = {"t": a.get("type", "dynamic")}
        for flag, short in (("required", "r"), ("optional", "o"), ("computed", "c"), ("deprecated", "d")):
            if a.get(flag):
                entry[short] = 1
        attrs[name] = entry
    blocks = {}
    for name, b in block.get("block_types", {}).items():
        entry = {"n": b["nesting_mode"], "b": _compact_block(b["block"])}
        if b.get("min_items"):
            entry["min"] = b["min_items"]
        if b.get("max_items"):
            entry["max"] = b["max_items"]
        blocks[name] = entry
    out: dict[str, Any] = {"a": attrs}
    if blocks:
        out["k"] = blocks
    if block.get("deprecated"):
        out["d"] = 1
    return out


# Which AWS API member each Terraform argument / CloudFormation property is sent as. Explicit, so that
# a constraint is only ever applied where the value really is that member.
API_MEMBERS: dict[str, tuple[str, str, str]] = {
    "aws_ecr_repository.name": ("ecr", "CreateRepository", "repositoryName"),
    "AWS::ECR::Repository.RepositoryName": ("ecr", "CreateRepository", "repositoryName"),
    "aws_cloudwatch_log_group.name": ("logs", "CreateLogGroup", "logGroupName"),
    "AWS::Logs::LogGroup.LogGroupName": ("logs", "CreateLogGroup", "logGroupName"),
    "aws_kinesis_stream.name": ("kinesis", "CreateStream", "StreamName"),
    "AWS::Kinesis::Stream.Name": ("kinesis", "CreateStream", "StreamName"),
    "aws_secretsmanager_secret.name": ("secretsmanager", "CreateSecret", "Name"),
    "AWS::SecretsManager::Secret.Name": ("secretsmanager", "CreateSecret", "Name"),
    "aws_iam_role.name": ("iam", "CreateRole", "RoleName"),
    "AWS::IAM::Role.RoleName": ("iam", "CreateRole", "RoleName"),
    "aws_iam_policy.name": ("iam", "CreatePolicy", "PolicyName"),
    "AWS::IAM::ManagedPolicy.ManagedPolicyName": ("iam", "CreatePolicy", "PolicyName"),
    "aws_lambda_function.function_name": ("lambda", "CreateFunction", "FunctionName"),
    "AWS::Lambda::Function.FunctionName": ("lambda", "CreateFunction", "FunctionName"),
    "aws_kms_alias.name": ("kms", "CreateAlias", "AliasName"),
    "AWS::KMS::Alias.AliasName": ("kms", "CreateAlias", "AliasName"),
    "aws_ecs_task_definition.family": ("ecs", "RegisterTaskDefinition", "family"),
    "AWS::ECS::TaskDefinition.Family": ("ecs", "RegisterTaskDefinition", "family"),
    "aws_elasticache_replication_group.replication_group_id": ("elasticache", "CreateReplicationGroup", "ReplicationGroupId"),
    "AWS::ElastiCache::ReplicationGroup.ReplicationGroupId": ("elasticache", "CreateReplicationGroup", "ReplicationGroupId"),
    "aws_sfn_state_machine.name": ("stepfunctions", "CreateStateMachine", "name"),
    "AWS::StepFunctions::StateMachine.StateMachineName": ("stepfunctions", "CreateStateMachine", "name"),
    "aws_glue_catalog_database.name": ("glue", "CreateDatabase", "DatabaseInput.Name"),
    "aws_cloudwatch_metric_alarm.alarm_name": ("cloudwatch", "PutMetricAlarm", "AlarmName"),
    "AWS::CloudWatch::Alarm.AlarmName": ("cloudwatch", "PutMetricAlarm", "AlarmName"),
    "aws_sqs_queue.name": ("sqs", "CreateQueue", "QueueName"),
    "aws_kinesis_firehose_delivery_stream.name": ("firehose", "CreateDeliveryStream", "DeliveryStreamName"),
    "AWS::KinesisFirehose::DeliveryStream.DeliveryStreamName": ("firehose", "CreateDeliveryStream", "DeliveryStreamName"),
}


def generate_api_constraints() -> None:
    """Length, pattern and enum of the API member behind each mapped argument, from botocore's models."""
    import botocore.session

    session = botocore.session.get_session()
    out: dict[str, Any] = {}
    models: dict[str, Any] = {}
    for key, (service, operation, member_path) in sorted(API_MEMBERS.items()):
        model = models.get(service) or models.setdefault(service, session.get_service_model(service))
        shape = model.operation_model(operation).input_shape
        for part in member_path.split("."):
            shape = shape.members[part]
        meta = shape.metadata
        entry = {"api": f"{model.service_name} {operation}.{member_path}", "shape": shape.name}
        for k in ("min", "max", "pattern"):
            if k in meta:
                entry[k] = meta[k]
        if shape.enum:
            entry["enum"] = list(shape.enum)
        if len(entry) > 2:
            out[key] = entry
    payload = {"_source": {"source": "botocore service models", "botocore": _version("botocore"),
                           "generated_by": "tools/generate_data.py api"}, "members": out}
    (DATA / "api_constraints.json").write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n")
    print(f"api_constraints.json: {len(out)} mapped members with constraints")


def generate_cfn_schema() -> None:
    """Top-level properties of every CloudFormation resource type from cfn-lint's schemas: type (with
    $ref resolved), enum, length and numeric range, required list, and whether other properties are
    allowed. One JSON line per type plus an offset index, like the Terraform schema."""
    import cfnlint
    from cfnlint.data.schemas.providers import us_east_1

    root = Path(cfnlint.__file__).parent / "data" / "schemas" / "resources"
    lines: list[str] = []
    index: dict[str, list[int]] = {}
    offset = 0
    for rtype, digest in sorted(us_east_1.types.items()):
        path = root / f"{digest}.json"
        if not path.exists():
            continue
        schema = json.loads(path.read_text())
        read_only = {p.removeprefix("/properties/") for p in schema.get("readOnlyProperties", [])}
        props = {}
        for name, spec in schema.get("properties", {}).items():
            if name in read_only:
                continue
            props[name] = _compact_property(spec, schema.get("definitions", {}))
            if str(props[name].get("f", "")).endswith(".Arn") and _api_accepts_name(rtype, name):
                props[name]["n"] = 1  # the API also takes a short name here (botocore's documentation)
        entry = {"p": props, "r": sorted(schema.get("required", [])),
                 "x": schema.get("additionalProperties", True) is False}
        data = json.dumps(entry, separators=(",", ":"), sort_keys=True).encode()
        index[rtype] = [offset, len(data)]
        lines.append(data.decode())
        offset += len(data) + 1
    (DATA / "cfn_schema.jsonl").write_text("\n".join(lines) + "\n")
    meta = {"_source": {"source": "cfn-lint resource schemas (us-east-1)", "cfn_lint": _version("cfn-lint"),
                        "generated_by": "tools/generate_data.py cfnschema"}, "index": index}
    (DATA / "cfn_schema.idx").write_text(json.dumps(meta, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"cfn_schema: {len(index)} resource types")


# CloudFormation namespaces whose botocore service name is not the lower-cased namespace.
_SERVICE_OF_NAMESPACE = {"ElasticLoadBalancingV2": "elbv2", "KinesisFirehose": "firehose", "Logs": "logs",
                         "CloudWatch": "cloudwatch", "ApiGatewayV2": "apigatewayv2"}
_NAME_OR_ARN = ("short name or full", "name or arn", "name or the arn", "name or amazon resource name",
                "arn or name", "name or full amazon resource name", "name or full arn")


def _api_accepts_name(rtype: str, prop: str) -> bool:
    """Does an API member of the same name in the type's service document that it takes a name too?
    (e.g. ECS RegisterTaskDefinition.taskRoleArn: "The short name or full Amazon Resource Name (ARN)".)"""
    import re

    import botocore.session

    namespace = rtype.split("::")[1]
    service = _SERVICE_OF_NAMESPACE.get(namespace, namespace.lower())
    members = _api_members(botocore.session.get_session(), service)
    docs = members.get(prop.lower(), [])
    return any(any(p in re.sub(r"<[^>]+>", "", d).lower() for p in _NAME_OR_ARN) for d in docs)


_MEMBER_CACHE: dict[str, dict[str, list[str]]] = {}


def _api_members(session: Any, service: str) -> dict[str, list[str]]:
    if service in _MEMBER_CACHE:
        return _MEMBER_CACHE[service]
    out: dict[str, list[str]] = {}
    try:
        model = session.get_service_model(service)
    except Exception:  # no botocore model for this namespace
        _MEMBER_CACHE[service] = out
        return out
    for op in model.operation_names:
        shape = model.operation_model(op).input_shape
        if shape is None:
            continue
        for name, member in shape.members.items():
            out.setdefault(name.lower(), []).append(member.documentation or "")
    _MEMBER_CACHE[service] = out
    return out


def _compact_property(spec: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    ref = spec.get("$ref", "")
    if ref.startswith("#/definitions/"):
        spec = {**definitions.get(ref.split("/")[-1], {}), **{k: v for k, v in spec.items() if k != "$ref"}}
    out: dict[str, Any] = {}
    t = spec.get("type")
    if isinstance(t, str | list):
        out["t"] = t
    for key, short in (("enum", "e"), ("minLength", "minl"), ("maxLength", "maxl"), ("minimum", "min"),
                       ("maximum", "max")):
        if key in spec:
            out[short] = spec[key]
    items = spec.get("items") if isinstance(spec.get("items"), dict) else {}
    fmt = spec.get("format") or items.get("format")
    if isinstance(fmt, str):
        out["f"] = fmt  # what the value must be, e.g. AWS::IAM::Role.Arn (cfn-lint's relationship formats)
    return out


def main(argv: list[str]) -> int:
    which = set(argv) or {"cfn", "tf", "api", "cfnschema"}
    if "cfnschema" in which:
        generate_cfn_schema()
    if "api" in which:
        generate_api_constraints()
    DATA.mkdir(parents=True, exist_ok=True)
    if "cfn" in which:
        generate_cfn_kinds()
    if "tf" in which:
        generate_tf_schema()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
