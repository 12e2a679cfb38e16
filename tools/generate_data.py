#!/usr/bin/env python3
"""Generate stackcheck's committed data files from authoritative machine-readable sources.

    python tools/generate_data.py            # all
    python tools/generate_data.py cfn        # CloudFormation reference kinds (from cfn-lint's schemas)
    python tools/generate_data.py tf         # Terraform AWS provider schema (needs terraform + /opt/tf-plugins)
    python tools/generate_data.py api        # the explicit argument -> botocore member mappings (API_MEMBERS)
    python tools/generate_data.py constraints  # value constraints of every CloudFormation property (cfn-lint's
                                               # schemas) and every Terraform argument (botocore, mapped by name)

Run it with an interpreter that has cfn-lint and botocore (the `constraints` part also reads the `tf` output).

Outputs go to src/stackcheck/data/ with a `_source` header naming the source and its version.
They are committed, so stackcheck never needs terraform, cfn-lint or network at run time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
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
                # Known, not judged: some schemas list documented inputs here (AWS::SageMaker::Endpoint
                # EndpointName), so a template that sets one must not be told the property does not exist.
                props[name] = {"ro": 1}
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


# -- value constraints for every type (the `constraints` part) ------------------------------------------

def _constraint_helpers() -> Any:
    """stackcheck.data.constraints: the guards are shared with the runtime and tested there."""
    sys.path.insert(0, str(DATA.parent.parent))
    from stackcheck.data import constraints

    return constraints


_CFN_KEYWORDS = (("enum", "e"), ("pattern", "p"), ("minLength", "minl"), ("maxLength", "maxl"),
                 ("minimum", "min"), ("maximum", "max"), ("minItems", "mini"), ("maxItems", "maxi"))


def _guarded(spec: dict[str, Any], name: str, stats: dict[str, int], helpers: Any) -> dict[str, Any]:
    """Drop the constraints that the guards in stackcheck.data.constraints refuse, counting why."""
    if "e" in spec and not helpers.enum_is_stable(name, spec["e"]):
        del spec["e"]
        stats["skipped: fast-moving or long enum"] += 1
    if "max" in spec and helpers.quota_like(name):
        del spec["max"]
        stats["skipped: maximum of a count (an adjustable quota)"] += 1
    if "p" in spec:
        pattern = spec["p"]
        if not isinstance(pattern, str) or helpers.is_placeholder(pattern):
            del spec["p"]
            stats["skipped: placeholder pattern"] += 1
        elif helpers.python_pattern(pattern) is None:
            del spec["p"]
            stats["skipped: pattern Python cannot read the same way"] += 1
        elif helpers.fast_moving(name):
            del spec["p"]
            stats["skipped: pattern of a fast-moving value (version, type, ...)"] += 1
    return spec


def _cfn_walk(node: dict[str, Any], path: str, ptr: str, defs: dict[str, Any], seen: frozenset[str],
              out: list[list[Any]], stats: dict[str, int], helpers: Any) -> None:
    if len(seen) > 10:
        return
    name = [p for p in path.split(".") if p != "*"][-1]
    spec = {short: node[key] for key, short in _CFN_KEYWORDS if key in node}
    spec = _guarded(spec, name, stats, helpers)
    if spec:
        if isinstance(node.get("type"), str):
            spec["t"] = node["type"]
        spec["s"] = ptr
        out.append([path, spec])
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        target = ref.split("/")[-1]
        if target not in seen and isinstance(defs.get(target), dict):
            _cfn_walk(defs[target], path, f"/definitions/{target}", defs, seen | {target}, out, stats, helpers)
    # oneOf/anyOf/allOf and patternProperties are alternatives or maps: their constraints are conditional,
    # so they are not applied.
    for child, sub in (node.get("properties") or {}).items():
        if isinstance(sub, dict):
            _cfn_walk(sub, f"{path}.{child}", f"{ptr}/properties/{child}", defs, seen, out, stats, helpers)
    if isinstance(node.get("items"), dict):
        _cfn_walk(node["items"], f"{path}.*", f"{ptr}/items", defs, seen, out, stats, helpers)


def _generate_cfn_constraints(helpers: Any) -> dict[str, Any]:
    import cfnlint
    from cfnlint.data.schemas.providers import us_east_1

    root = Path(cfnlint.__file__).parent / "data" / "schemas" / "resources"
    stats: dict[str, int] = Counter()
    lines: list[str] = []
    index: dict[str, list[int]] = {}
    offset = 0
    for rtype, digest in sorted(us_east_1.types.items()):
        path = root / f"{digest}.json"
        if not path.exists():
            continue
        stats["types in schemas"] += 1
        schema = json.loads(path.read_text())
        read_only = {p.removeprefix("/properties/") for p in schema.get("readOnlyProperties", [])}
        out: list[list[Any]] = []
        for name, spec in schema.get("properties", {}).items():
            if name not in read_only and isinstance(spec, dict):
                _cfn_walk(spec, name, f"/properties/{name}", schema.get("definitions", {}), frozenset(), out,
                          stats, helpers)
        if not out:
            continue
        entry = {"f": f"cfnlint/data/schemas/resources/{digest}.json", "c": out}
        data = json.dumps(entry, separators=(",", ":"), sort_keys=True).encode()
        index[rtype] = [offset, len(data)]
        lines.append(data.decode())
        offset += len(data) + 1
        stats["types with a constraint"] += 1
        stats["properties with a constraint"] += len({p for p, _ in out})
        for _, spec in out:
            for key, short in _CFN_KEYWORDS:
                if short in spec:
                    stats[f"constraints: {key}"] += 1
    (DATA / "cfn_constraints.jsonl").write_text("\n".join(lines) + "\n")
    meta = {"_source": {"source": "cfn-lint resource schemas (us-east-1, with cfn-lint's patches)",
                        "cfn_lint": _version("cfn-lint"), "generated_by": "tools/generate_data.py constraints"},
            "index": index}
    (DATA / "cfn_constraints.idx").write_text(json.dumps(meta, separators=(",", ":"), sort_keys=True) + "\n")
    return dict(sorted(stats.items()))


# Terraform resource-name prefixes whose botocore service is not spelled by the prefix itself. Source of
# every line: the provider's names/data/names_data.hcl (`resource_prefix.actual` and the service it
# belongs to), https://github.com/hashicorp/terraform-provider-aws/blob/v5.100.0/names/data/names_data.hcl
# Everything else is matched by joining the type's leading words to a botocore service name (`api_gateway`
# -> `apigateway`, `cloudhsm_v2` -> `cloudhsmv2`, `sso_admin`... -> `sso-admin`).
_TF_SERVICE_PREFIXES = {
    "appautoscaling": "application-autoscaling", "prometheus": "amp",
    "cloudwatch_log": "logs", "cloudwatch_query_definition": "logs",
    "cloudwatch_event": "events", "cloudwatch_event_bus": "events",
    "lb": "elbv2", "alb": "elbv2",
    "elb": "elb", "load_balancer": "elb", "app_cookie_stickiness_policy": "elb",
    "lb_cookie_stickiness_policy": "elb", "proxy_protocol_policy": "elb",
    "db": "rds", "rds": "rds", "sfn": "stepfunctions",
    "kinesis_firehose": "firehose", "kinesis_analytics": "kinesisanalytics",
    "kinesis_video": "kinesisvideo", "cognito_identity_pool": "cognito-identity",
    "cognito_identity_provider": "cognito-idp", "cognito_managed_user_pool_client": "cognito-idp",
    "cognito_resource_server": "cognito-idp", "cognito_risk_configuration": "cognito-idp",
    "cognito_user": "cognito-idp", "cognito_user_group": "cognito-idp", "cognito_user_pool": "cognito-idp",
    "elasticsearch": "es", "msk": "kafka", "mskconnect": "kafkaconnect", "dx": "directconnect",
    "directory_service": "ds", "codestarconnections": "codestar-connections",
    "emrserverless": "emr-serverless", "emrcontainers": "emr-containers",
    "redshiftserverless": "redshift-serverless", "wafregional": "waf-regional",
    "launch_configuration": "autoscaling", "autoscaling": "autoscaling",
    "route53_resolver": "route53resolver", "serverlessapplicationrepository": "serverlessrepo",
    "iot": "iot", "ce": "ce", "cur": "cur", "sesv2": "sesv2", "ses": "ses",
    "ami": "ec2", "default": "ec2", "ebs": "ec2", "ec2": "ec2", "egress_only_internet_gateway": "ec2",
    "eip": "ec2", "flow_log": "ec2", "instance": "ec2", "internet_gateway": "ec2", "key_pair": "ec2",
    "launch_template": "ec2", "main_route_table_association": "ec2", "nat_gateway": "ec2",
    "network_acl": "ec2", "network_interface": "ec2", "placement_group": "ec2", "route": "ec2",
    "route_table": "ec2", "security_group": "ec2", "spot": "ec2", "subnet": "ec2", "customer_gateway": "ec2",
    "volume_attachment": "ec2", "vpc": "ec2", "vpn": "ec2", "snapshot_create_volume_permission": "ec2",
    "vpclattice": "vpc-lattice",
}
# Types whose create call is not named after the type's words (provider source: the resource's Create
# function calls this operation).
_TF_OPERATIONS = {
    "aws_lb": "CreateLoadBalancer", "aws_alb": "CreateLoadBalancer", "aws_elb": "CreateLoadBalancer",
    "aws_rds_cluster": "CreateDBCluster", "aws_rds_cluster_instance": "CreateDBInstance",
    "aws_elasticache_cluster": "CreateCacheCluster", "aws_db_instance": "CreateDBInstance",
}
_TF_VERBS = ("Create", "Put", "Register", "Request", "Add", "Publish", "Allocate", "Associate", "Attach", "Enable",
             "Import", "Start", "Update")


def _tf_service(rtype: str, services: dict[str, str]) -> tuple[str, list[str]] | None:
    """(botocore service, the type's words after the service prefix)."""
    words = rtype.removeprefix("aws_").split("_")
    for n in range(len(words), 0, -1):
        head = "_".join(words[:n])
        if head in _TF_SERVICE_PREFIXES:
            return _TF_SERVICE_PREFIXES[head], words[n:] if len(words) > n else words
    for n in range(len(words), 0, -1):
        joined = "".join(words[:n])
        if joined in services:
            return services[joined], words[n:]
    return None


def _tf_operation(rtype: str, rest: list[str], ops: dict[str, str]) -> str | None:
    if rtype in _TF_OPERATIONS:
        return _TF_OPERATIONS[rtype] if _TF_OPERATIONS[rtype].lower() in ops else None
    # Longest run of trailing words of the whole type name that names an operation (`cloudwatch_log_group`
    # -> CreateLogGroup); a single word only when it is all that follows the service prefix.
    words = rtype.removeprefix("aws_").split("_")
    for n in range(len(words), 0, -1):
        if n == 1 and len(rest) > 1:
            break
        noun = "".join(words[-n:])
        for verb in _TF_VERBS:
            op = ops.get(f"{verb}{noun}".lower())
            if op:
                return op
    return None


_NUMERIC = {"integer", "long", "double", "float"}
# Only QuickSight definitions, WAFv2 nested statements and Lex V2 intents/slots nest deeper; the ~8 MB of
# constraints on blocks that deep (almost all QuickSight) are left out to keep the data small.
_TF_MAX_BLOCK_DEPTH = 8


def _tf_spec(arg: str, ttype: Any, member: str, shape: Any, api: str, stats: dict[str, int],
             helpers: Any) -> tuple[str, dict[str, Any]] | None:
    """The constraint one argument carries, if its Terraform type and the member's shape agree."""
    suffix = ""
    if isinstance(ttype, list) and ttype[0] in ("list", "set") and ttype[1] == "string" \
            and shape.type_name == "list":
        shape, suffix = shape.member, ".*"
        ttype = "string"
    meta = shape.metadata
    spec: dict[str, Any] = {}
    if ttype == "string" and shape.type_name == "string":
        spec["t"] = "string"
        if helpers.length_is_characters(arg) and helpers.length_is_characters(member):
            if int(meta.get("min", 0)) > 0:
                spec["minl"] = meta["min"]
            if "max" in meta:
                spec["maxl"] = meta["max"]
        elif "min" in meta or "max" in meta:
            stats["skipped: length of a document, code or encoded member"] += 1
        if shape.enum:
            spec["e"] = list(shape.enum)
        pattern = meta.get("pattern")
        if isinstance(pattern, str):
            if helpers.simple_anchored(pattern):
                spec["p"] = pattern
            else:
                stats["skipped: botocore pattern not anchored at both ends"] += 1
    elif ttype == "number" and shape.type_name in _NUMERIC:
        spec["t"] = "number"
        for k in ("min", "max"):
            if k in meta:
                spec[k] = meta[k]
    spec = _guarded(spec, member, stats, helpers)
    if len(spec) <= 1:
        return None
    spec["s"] = f"{api}.{member}".partition(".")[2]  # the member path; the operation is the type's "op"
    return suffix, spec


def _tf_walk(block: dict[str, Any], shape: Any, path: str, api: str, noun: str, out: list[list[Any]],
             stats: dict[str, int], helpers: Any) -> None:
    members = {name.lower(): (name, m) for name, m in shape.members.items()}
    for arg, spec in block.get("a", {}).items():
        if spec.get("c") and not (spec.get("o") or spec.get("r")):
            continue  # computed only: never written
        key = arg.replace("_", "")
        found = members.get(key) or (members.get(f"{noun}name") if arg == "name" and noun else None)
        if found is None:
            continue
        name, member = found
        got = _tf_spec(arg, spec.get("t"), name, member, api, stats, helpers)
        if got:
            out.append([f"{path}{arg}{got[0]}", got[1]])
    for bname, b in block.get("k", {}).items():
        found = members.get(bname.replace("_", ""))
        if found is None:
            continue
        if path.count(".*.") >= _TF_MAX_BLOCK_DEPTH:
            stats["skipped: blocks nested deeper than 8 (QuickSight, WAFv2, Lex V2)"] += 1
            continue
        name, member = found
        if member.type_name == "list":
            member = member.member
        if member.type_name == "structure":
            _tf_walk(b["b"], member, f"{path}{bname}.*.", f"{api}.{name}", "", out, stats, helpers)


def _generate_tf_constraints(helpers: Any) -> dict[str, Any]:
    import botocore.session

    session = botocore.session.get_session()
    services = {s.replace("-", ""): s for s in session.get_available_services()}
    models: dict[str, Any] = {}
    stats: dict[str, int] = Counter()
    index_in = json.loads((DATA / "tf_aws_schema.idx").read_text())["index"]
    raw = (DATA / "tf_aws_schema.jsonl").read_bytes()
    lines: list[str] = []
    index: dict[str, list[int]] = {}
    offset = 0
    for rtype, (start, length) in sorted(index_in.items()):
        stats["types in provider schema"] += 1
        found = _tf_service(rtype, services)
        if found is None or found[0] not in set(services.values()):
            stats["types without a botocore service"] += 1
            continue
        service, rest = found
        if service not in models:
            models[service] = session.get_service_model(service)
        model = models[service]
        ops = {op.lower(): op for op in model.operation_names}
        op = _tf_operation(rtype, rest, ops)
        if op is None:
            stats["types without a create/put operation by name"] += 1
            continue
        input_shape = model.operation_model(op).input_shape
        if input_shape is None:
            continue
        stats["types mapped to an operation"] += 1
        noun = next(op[len(v):] for v in (*_TF_VERBS, "") if op.startswith(v)).lower()
        api = f"{service} {model.api_version} {op}"
        out: list[list[Any]] = []
        _tf_walk(json.loads(raw[start:start + length]), input_shape, "", api, noun, out, stats, helpers)
        if not out:
            continue
        entry = {"op": api, "c": out}
        data = json.dumps(entry, separators=(",", ":"), sort_keys=True).encode()
        index[rtype] = [offset, len(data)]
        lines.append(data.decode())
        offset += len(data) + 1
        stats["types with a constraint"] += 1
        stats["arguments with a constraint"] += len(out)
        for _, spec in out:
            for key, short in _CFN_KEYWORDS:
                if short in spec:
                    stats[f"constraints: {key}"] += 1
    (DATA / "tf_constraints.jsonl").write_text("\n".join(lines) + "\n")
    meta = {"_source": {"source": "botocore service models, mapped from Terraform AWS provider arguments by "
                                  "service, operation and member name",
                        "botocore": _version("botocore"), "provider_version": PROVIDER_VERSION,
                        "generated_by": "tools/generate_data.py constraints"},
            "index": index}
    (DATA / "tf_constraints.idx").write_text(json.dumps(meta, separators=(",", ":"), sort_keys=True) + "\n")
    return dict(sorted(stats.items()))


def generate_constraints() -> None:
    helpers = _constraint_helpers()
    summary = {"_source": {"cfn_lint": _version("cfn-lint"), "botocore": _version("botocore"),
                           "provider_version": PROVIDER_VERSION,
                           "generated_by": "tools/generate_data.py constraints"},
               "cloudformation": _generate_cfn_constraints(helpers),
               "terraform": _generate_tf_constraints(helpers)}
    (DATA / "constraint_summary.json").write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
    for framework in ("cloudformation", "terraform"):
        print(framework)
        for key, count in summary[framework].items():
            print(f"  {key}: {count}")


def main(argv: list[str]) -> int:
    which = set(argv) or {"cfn", "tf", "api", "cfnschema", "constraints"}
    if "cfnschema" in which:
        generate_cfn_schema()
    if "api" in which:
        generate_api_constraints()
    DATA.mkdir(parents=True, exist_ok=True)
    if "cfn" in which:
        generate_cfn_kinds()
    if "tf" in which:
        generate_tf_schema()
    if "constraints" in which:
        generate_constraints()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
