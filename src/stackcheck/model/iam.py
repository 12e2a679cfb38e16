"""IAM policy documents: parsing, wildcard matching, and three-valued evaluation.

A policy reaches the model in many shapes: JSON text (heredoc, file()), an Encoded jsonencode()
value, a CloudFormation mapping, or a reference to a `data "aws_iam_policy_document"`. `document()`
turns all of them into one `Policy`. Questions are answered with True / False / None, where None
means "cannot be known statically"; rules act only on definite answers.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Encoded, Unknown, as_list, decoded

POLICY_DOCUMENT_TYPE = "aws_iam_policy_document"


@dataclass
class Statement:
    """One statement, with IAM's element names; absent elements are None."""

    index: int
    raw: dict[str, Any]
    effect: Any = None
    actions: list[Any] | None = None
    not_actions: list[Any] | None = None
    resources: list[Any] | None = None
    not_resources: list[Any] | None = None
    principal: Any = None  # "*" or {"AWS": [...], "Service": [...], ...}
    not_principal: Any = None
    condition: Any = None

    @property
    def has_condition(self) -> bool:
        return bool(self.condition)

    def present(self, key: str) -> bool:
        return self.raw.get(key) is not None


@dataclass
class Policy:
    """A parsed policy document. `complete` is False when statements may exist that we cannot see."""

    statements: list[Statement]
    version: Any = None
    complete: bool = True
    raw: Any = None
    from_data_source: bool = False
    extra_keys: tuple[str, ...] = field(default=())


# -- parsing ------------------------------------------------------------------------------------

def _statement(index: int, raw: dict[str, Any]) -> Statement:
    def opt_list(key: str) -> list[Any] | None:
        return as_list(raw[key]) if raw.get(key) is not None else None

    return Statement(index=index, raw=raw, effect=raw.get("Effect"), actions=opt_list("Action"),
                     not_actions=opt_list("NotAction"), resources=opt_list("Resource"),
                     not_resources=opt_list("NotResource"), principal=raw.get("Principal"),
                     not_principal=raw.get("NotPrincipal"), condition=raw.get("Condition"))


def parse(doc: Any) -> Policy | None:
    """A Policy from a decoded JSON document (dict); None when its shape is not known."""
    if not isinstance(doc, dict):
        return None
    stmts = doc.get("Statement")
    if isinstance(stmts, dict):
        stmts = [stmts]
    if not isinstance(stmts, list):
        return None
    out: list[Statement] = []
    complete = True
    for i, raw in enumerate(stmts):
        if isinstance(raw, dict):
            out.append(_statement(i, raw))
        else:
            complete = False  # a statement built from an unknown value
    extra = tuple(k for k in doc if k not in ("Version", "Statement", "Id"))
    return Policy(out, doc.get("Version"), complete, doc, extra_keys=extra)


def _principals_block(blocks: Any) -> Any:
    """Data-source principals { type, identifiers } blocks -> IAM Principal element."""
    out: dict[str, list[Any]] = {}
    for block in as_list(blocks):
        if not isinstance(block, dict):
            return Unknown("principals")
        kind = block.get("type")
        ids = as_list(block.get("identifiers"))
        if not isinstance(kind, str):
            return Unknown("principals")
        if kind == "*" and ids == ["*"]:
            return "*"
        out.setdefault(kind, []).extend(ids)
    return out


def from_data_source(res: Resource) -> Policy:
    """The document an aws_iam_policy_document data source renders (statement blocks)."""
    stmts: list[Statement] = []
    for i, block in enumerate(as_list(res.get("statement"))):
        if not isinstance(block, dict):
            continue
        raw: dict[str, Any] = {"Effect": block.get("effect", "Allow")}
        if block.get("sid") is not None:
            raw["Sid"] = block["sid"]
        for src, dst in (("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"),
                         ("not_resources", "NotResource")):
            if block.get(src) is not None:
                raw[dst] = block[src]
        if block.get("principals") is not None:
            raw["Principal"] = _principals_block(block["principals"])
        if block.get("not_principals") is not None:
            raw["NotPrincipal"] = _principals_block(block["not_principals"])
        conds = as_list(block.get("condition"))
        if conds:
            cond: dict[str, Any] = {}
            for c in conds:
                if isinstance(c, dict) and isinstance(c.get("test"), str) and isinstance(c.get("variable"), str):
                    cond.setdefault(c["test"], {})[c["variable"]] = c.get("values")
                else:
                    cond = {"?": Unknown("condition")}
                    break
            raw["Condition"] = cond
        stmts.append(_statement(i, raw))
    # Documents merged in from elsewhere, or dynamic statements, may add statements we cannot see.
    merged = any(res.get(k) is not None for k in ("source_policy_documents", "override_policy_documents",
                                                   "source_json", "override_json"))
    dynamic = isinstance(res.get("statement"), Unknown)
    return Policy(stmts, res.get("version", "2012-10-17"), not (merged or dynamic), None, from_data_source=True)


_PER_STACK: dict[tuple[int, str], tuple[Stack, Any]] = {}


def per_stack(stack: Stack, key: str, build: Callable[[Stack], Any]) -> Any:
    """An index built once per stack and kept for the last few stacks (Stack is not hashable)."""
    hit = _PER_STACK.get((id(stack), key))
    if hit is not None and hit[0] is stack:
        return hit[1]
    if len(_PER_STACK) > 64:
        _PER_STACK.clear()
    value = build(stack)
    _PER_STACK[(id(stack), key)] = (stack, value)
    return value


def _data_sources(stack: Stack) -> dict[str, Resource]:
    return {d.base_address: d for d in stack.data_sources} | {d.address: d for d in stack.data_sources}


def data_source(stack: Stack, address: str) -> Resource | None:
    return per_stack(stack, "data_sources", _data_sources).get(address)


def document(stack: Stack, value: Any) -> Policy | None:
    """The policy a policy-valued attribute holds, in any of the shapes the loaders produce."""
    if value is None:
        return None
    if isinstance(value, Unknown):
        if value.target_type == POLICY_DOCUMENT_TYPE and value.attr in ("json", "minified_json") and value.target:
            ds = data_source(stack, value.target)
            return from_data_source(ds) if ds is not None else None
        return None
    if isinstance(value, str | Encoded | dict):
        return parse(decoded(value))
    return None


# -- matching -----------------------------------------------------------------------------------

@cache
def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(fnmatch.translate(pattern), re.IGNORECASE)


def matches(pattern: Any, value: str) -> bool | None:
    """IAM wildcard match (`*`, `?`; case-insensitive, as for actions). None when pattern is unknown."""
    if not isinstance(pattern, str):
        return None
    return bool(_glob(pattern).match(value))


def _any_match(patterns: Iterable[Any], value: str) -> bool | None:
    unknown = False
    for p in patterns:
        m = matches(p, value)
        if m:
            return True
        if m is None:
            unknown = True
    return None if unknown else False


def covers_action(stmt: Statement, action: str) -> bool | None:
    """Whether the statement's Action/NotAction applies to `action`."""
    if stmt.actions is not None:
        return _any_match(stmt.actions, action)
    if stmt.not_actions is not None:
        m = _any_match(stmt.not_actions, action)
        return None if m is None else not m
    return False


def _resource_match(pattern: Any, resource: Any) -> bool | None:
    if pattern == "*":
        return True
    if not isinstance(resource, str) or not isinstance(pattern, str):
        return None
    return bool(re.compile(fnmatch.translate(pattern)).match(resource))  # ARNs match case-sensitively


def covers_resource(stmt: Statement, resource: Any = "*") -> bool | None:
    """Whether Resource/NotResource applies; `resource` "*" asks about any resource at all."""
    if stmt.resources is not None:
        if resource == "*":
            return bool(stmt.resources)
        unknown = False
        for p in stmt.resources:
            m = _resource_match(p, resource)
            if m:
                return True
            if m is None:
                unknown = True
        return None if unknown else False
    if stmt.not_resources is not None:
        if resource == "*":
            return "*" not in stmt.not_resources
        m = any(_resource_match(p, resource) for p in stmt.not_resources)
        return False if m else None
    return None


def grants(policy: Policy, action: str, resource: Any = "*", *, conditional: bool = False) -> bool | None:
    """Does some Allow statement grant `action` on `resource`? (Deny statements are not weighed.)

    True: a statement certainly allows it (with conditions only when `conditional`). False: the
    document is complete and no statement can. None: cannot tell.
    """
    unknown = not policy.complete
    for stmt in policy.statements:
        if stmt.effect != "Allow":
            if not isinstance(stmt.effect, str):
                unknown = True
            continue
        a = covers_action(stmt, action)
        r = covers_resource(stmt, resource)
        if a is False or r is False:
            continue
        if a and r and (conditional or not stmt.has_condition):
            return True
        unknown = True
    return None if unknown else False


# -- principals ---------------------------------------------------------------------------------

def principal_map(value: Any) -> dict[str, list[Any]] | None:
    """{"AWS": [...], "Service": [...], ...} from a Principal element; "*" -> {"AWS": ["*"]}."""
    if value == "*":
        return {"AWS": ["*"]}
    if not isinstance(value, dict):
        return None
    return {k: as_list(v) for k, v in value.items()}


def service_matches(principal: Any, service: str) -> bool | None:
    """Does a Service principal name `service` ("lambda" matches lambda.amazonaws.com and regional forms)?"""
    if not isinstance(principal, str):
        return None
    p = principal.lower()
    if not re.fullmatch(r"[a-z0-9.-]+\.amazonaws\.com(\.cn)?", p):
        return False
    return p.split(".", 1)[0] == service.split(".", 1)[0] and p.startswith(service.split(".amazonaws.com")[0])


def allows_service(policy: Policy, service: str, *actions: str) -> bool | None:
    """Does an Allow statement let the service principal `service` perform one of `actions`?

    Principal "*", NotPrincipal and unknown principals make the answer None, never False.
    """
    unknown = not policy.complete
    for stmt in policy.statements:
        if stmt.effect != "Allow":
            if not isinstance(stmt.effect, str):
                unknown = True
            continue
        covered = [covers_action(stmt, a) for a in actions]
        if not any(c is not False for c in covered):
            continue
        a = True if any(covered) else None
        if stmt.not_principal is not None:
            unknown = True
            continue
        pm = principal_map(stmt.principal)
        if pm is None:
            unknown = unknown or stmt.principal is not None
            continue
        hit: bool | None = False
        for kind, ids in pm.items():
            if kind == "AWS" and "*" in ids:
                hit = None  # anyone (maybe narrowed by conditions): not a definite "no"
            elif kind == "Service":
                for p in ids:
                    m = service_matches(p, service)
                    if m:
                        hit = True
                        break
                    if m is None and hit is False:
                        hit = None
            elif not isinstance(kind, str):
                hit = None
        if hit and a:
            return True
        if hit is None or a is None:
            unknown = True
    return None if unknown else False


def trusts_service(policy: Policy, service: str) -> bool | None:
    """Can the service principal `service` (e.g. "lambda.amazonaws.com") assume a role with this trust policy?"""
    return allows_service(policy, service, "sts:AssumeRole")


def service_principals(policy: Policy) -> Iterator[tuple[Statement, Any]]:
    for stmt in policy.statements:
        pm = principal_map(stmt.principal) or {}
        for p in pm.get("Service", []):
            yield stmt, p


# -- size ---------------------------------------------------------------------------------------

_WS = re.compile(r"\s+")


def size_lower_bound(stack: Stack, value: Any) -> int | None:
    """Characters IAM counts for a policy (whitespace excluded); unknown parts count as nothing.

    The result never exceeds the real size, so a bound over a quota is a certain violation.
    """
    if isinstance(value, str):
        return len(_WS.sub("", value))
    if isinstance(value, Encoded | dict):
        return len(_WS.sub("", json.dumps(_known_only(decoded(value)), separators=(",", ":"))))
    policy = document(stack, value)
    if policy is not None and policy.from_data_source:
        # The data source renders Version and statements as compact JSON.
        doc = {"Version": policy.version, "Statement": [_known_only(s.raw) for s in policy.statements]}
        return len(_WS.sub("", json.dumps(doc, separators=(",", ":"))))
    return None


def _known_only(value: Any) -> Any:
    if isinstance(value, Unknown):
        return "".join(p for p in value.parts if isinstance(p, str))
    if isinstance(value, Encoded):
        return _known_only(value.value)
    if isinstance(value, dict):
        return {k: _known_only(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_known_only(v) for v in value]
    return value


# -- AWS managed policies ----------------------------------------------------------------------
# Path of each AWS managed policy named here, and the statements of those whose whole content a
# rule weighs. Source of every entry: the AWS Managed Policy Reference,
# https://docs.aws.amazon.com/aws-managed-policy/latest/reference/<NAME>.html (policy ARN and JSON).

_LOGS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
_ENI = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]

MANAGED_POLICY_PATHS: dict[str, str] = {
    # service-role/ policies (ARN arn:aws:iam::aws:policy/service-role/NAME)
    "AWSLambdaBasicExecutionRole": "service-role/",
    "AWSLambdaVPCAccessExecutionRole": "service-role/",
    "AWSLambdaENIManagementAccess": "service-role/",
    "AWSLambdaKinesisExecutionRole": "service-role/",
    "AWSLambdaSQSQueueExecutionRole": "service-role/",
    "AWSLambdaDynamoDBExecutionRole": "service-role/",
    "AWSLambdaMSKExecutionRole": "service-role/",
    "AWSLambdaRole": "service-role/",
    "AmazonECSTaskExecutionRolePolicy": "service-role/",
    "AmazonEC2ContainerServiceforEC2Role": "service-role/",
    "AmazonEC2ContainerServiceRole": "service-role/",
    "AmazonEC2ContainerServiceAutoscaleRole": "service-role/",
    "AWSGlueServiceRole": "service-role/",
    "AWSCodeDeployRole": "service-role/",
    "AmazonRDSEnhancedMonitoringRole": "service-role/",
    "AmazonAPIGatewayPushToCloudWatchLogs": "service-role/",
    "AWSBackupServiceRolePolicyForBackup": "service-role/",
    "AWSBackupServiceRolePolicyForRestores": "service-role/",
    "AWS_ConfigRole": "service-role/",
    "AmazonSSMAutomationRole": "service-role/",
    "AWSBatchServiceRole": "service-role/",
    "AmazonElasticMapReduceRole": "service-role/",
    "AmazonElasticMapReduceforEC2Role": "service-role/",
    # policies at the root path (ARN arn:aws:iam::aws:policy/NAME)
    "AdministratorAccess": "",
    "PowerUserAccess": "",
    "ReadOnlyAccess": "",
    "AWSLambdaExecute": "",
    "AWSXRayDaemonWriteAccess": "",
    "CloudWatchAgentServerPolicy": "",
    "CloudWatchLambdaInsightsExecutionRolePolicy": "",
    "AmazonSSMManagedInstanceCore": "",
    "AmazonS3ReadOnlyAccess": "",
    "AmazonS3FullAccess": "",
    "AmazonEC2ContainerRegistryReadOnly": "",
    "AmazonEKSClusterPolicy": "",
    "AmazonEKSWorkerNodePolicy": "",
    "AmazonEKS_CNI_Policy": "",
    "SecretsManagerReadWrite": "",
    "AmazonSSMReadOnlyAccess": "",
    "AmazonDynamoDBFullAccess": "",
    "AmazonSQSFullAccess": "",
}

MANAGED_POLICY_ACTIONS: dict[str, list[str]] = {
    "AdministratorAccess": ["*"],
    "AWSLambdaBasicExecutionRole": _LOGS,
    "AWSLambdaVPCAccessExecutionRole": _LOGS + _ENI + ["ec2:DescribeSubnets"],
    "AWSLambdaENIManagementAccess": _ENI,
    "AWSLambdaKinesisExecutionRole": [*_LOGS, "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams", "kinesis:SubscribeToShard"],
    "AWSLambdaSQSQueueExecutionRole": [*_LOGS, "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
    "AWSLambdaDynamoDBExecutionRole": [*_LOGS, "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"],
    "AmazonECSTaskExecutionRolePolicy": ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability",
                                         "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage",
                                         "logs:CreateLogStream", "logs:PutLogEvents"],
    "AWSXRayDaemonWriteAccess": ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
                                 "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"],
}

_MANAGED_ARN = re.compile(r"^arn:[a-z-]*:iam::aws:policy/(?P<path>(?:[\w+=,.@-]+/)*)(?P<name>[\w+=,.@-]+)$")


def managed_policy_name(value: Any) -> tuple[str, str] | None:
    """(path, name) of an AWS managed policy ARN, also when the partition is a reference."""
    if isinstance(value, Unknown):
        if any(isinstance(p, Unknown) and "Partition" not in p.ref and "partition" not in p.ref
               for p in value.parts) or not value.parts:
            return None
        value = "".join(p if isinstance(p, str) else "aws" for p in value.parts)
    if not isinstance(value, str):
        return None
    m = _MANAGED_ARN.match(value)
    return (m.group("path"), m.group("name")) if m else None


def managed_policy(value: Any) -> Policy | None:
    """The content of an AWS managed policy whose statements are known here."""
    found = managed_policy_name(value)
    if found is None:
        return None
    path, name = found
    actions = MANAGED_POLICY_ACTIONS.get(name)
    if actions is None or MANAGED_POLICY_PATHS.get(name) != path:
        return None
    return Policy([_statement(0, {"Effect": "Allow", "Action": actions, "Resource": "*"})], "2012-10-17")


# -- what a role may do -------------------------------------------------------------------------

ROLE_TYPES = ("aws_iam_role", "AWS::IAM::Role")
MANAGED_POLICY_TYPES = ("aws_iam_policy", "AWS::IAM::ManagedPolicy")


@dataclass
class RolePermissions:
    """The identity policies of one role that the stack shows; `complete` when nothing else can attach."""

    policies: list[Policy] = field(default_factory=list)
    complete: bool = True

    def grants(self, action: str, resource: Any = "*") -> bool | None:
        unknown = not self.complete
        for policy in self.policies:
            g = grants(policy, action, resource)
            if g:
                return True
            if g is None:
                unknown = True
        return None if unknown else False


def _role_target(stack: Stack, value: Any, names: dict[str, Resource]) -> Resource | bool | None:
    """The role a role/roles argument names; False when it cannot be told (may be any role)."""
    if isinstance(value, Unknown):
        target = stack.resolve(value)
        if target is not None and target.type in ROLE_TYPES:
            return target
        # Another resource, or a data source (a role that exists already): not one of ours.
        return None if value.target else False
    if isinstance(value, str):
        return names.get(value)  # a role outside the stack, or one of ours by literal name
    return False


def _policy_from_arn(stack: Stack, value: Any) -> Policy | None:
    target = stack.resolve(value)
    if target is not None and target.type in MANAGED_POLICY_TYPES:
        return document(stack, target.get("policy") if target.framework == "terraform"
                        else target.get("PolicyDocument"))
    return managed_policy(value)


def _build_role_index(stack: Stack) -> tuple[dict[str, RolePermissions], bool]:
    roles = stack.of_type(*ROLE_TYPES)
    names: dict[str, Resource] = {}
    for r in roles:
        n = r.get("name") if r.framework == "terraform" else r.get("RoleName")
        if isinstance(n, str):
            names[n] = r
    index = {r.address: RolePermissions() for r in roles}
    unattributed = False

    def add(role: Resource | bool | None, policy: Policy | None) -> None:
        nonlocal unattributed
        if role is False:
            unattributed = True
            return
        if role is None:
            return
        perms = index[role.address]
        if policy is None:
            perms.complete = False
        else:
            perms.policies.append(policy)
            perms.complete = perms.complete and policy.complete

    for r in roles:
        if r.framework == "terraform":
            for block in as_list(r.get("inline_policy")):
                if isinstance(block, dict) and block.get("policy") is not None:
                    add(r, document(stack, block.get("policy")))
            arns = r.get("managed_policy_arns")
            docs = [] if arns is None else as_list(arns)
        else:
            for p in as_list(r.get("Policies")):
                add(r, document(stack, p.get("PolicyDocument")) if isinstance(p, dict) else None)
            docs = as_list(r.get("ManagedPolicyArns"))
        if isinstance(r.get("managed_policy_arns" if r.framework == "terraform" else "ManagedPolicyArns"), Unknown):
            add(r, None)
        for arn in docs:
            add(r, _policy_from_arn(stack, arn))
    for res in stack.of_type("aws_iam_role_policy"):
        add(_role_target(stack, res.get("role"), names), document(stack, res.get("policy")))
    for res in stack.of_type("aws_iam_role_policy_attachment"):
        add(_role_target(stack, res.get("role"), names), _policy_from_arn(stack, res.get("policy_arn")))
    for res in stack.of_type("aws_iam_policy_attachment"):
        roles_value = res.get("roles")
        targets = as_list(roles_value) if not isinstance(roles_value, Unknown) else [roles_value]
        for role in targets:
            add(_role_target(stack, role, names), _policy_from_arn(stack, res.get("policy_arn")))
    for res in stack.of_type("AWS::IAM::RolePolicy"):
        add(_role_target(stack, res.get("RoleName"), names), document(stack, res.get("PolicyDocument")))
    for res in stack.of_type("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        roles_value = res.get("Roles")
        targets = as_list(roles_value) if not isinstance(roles_value, Unknown) else [roles_value]
        for role in targets:
            add(_role_target(stack, role, names), document(stack, res.get("PolicyDocument")))
    return index, unattributed


def role_permissions(stack: Stack, role: Resource) -> RolePermissions:
    """What the stack shows of a role's identity policies (never complete if some attachment is unclear)."""
    index, unattributed = per_stack(stack, "roles", _build_role_index)
    perms = index.get(role.address)
    if perms is None:
        return RolePermissions(complete=False)
    if unattributed:
        return RolePermissions(perms.policies, complete=False)
    return perms


def trust_policy(stack: Stack, role: Resource) -> Policy | None:
    value = role.get("assume_role_policy") if role.framework == "terraform" else role.get("AssumeRolePolicyDocument")
    return document(stack, value)


def role_of(stack: Stack, value: Any) -> Resource | None:
    """The role of this stack a role ARN/name argument refers to."""
    target = stack.resolve(value)
    return target if target is not None and target.type in ROLE_TYPES else None
