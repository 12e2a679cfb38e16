"""S3 reasoning shared by the storage rules: which bucket a sub-resource configures, policy documents.

Terraform splits a bucket into many resources (aws_s3_bucket_acl, _policy, _versioning, ...) that name the
bucket by reference or by its literal name; CloudFormation keeps most settings inline. The index of those
sub-resources is built once per stack.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Encoded, Unknown, as_list, decoded

BUCKET = "aws_s3_bucket"
CFN_BUCKET = "AWS::S3::Bucket"
PLACEHOLDER = "${unknown}"  # stands for a value only known at deploy time inside a parsed document

# Terraform resources that configure one bucket through their `bucket` argument.
TF_BUCKET_PARTS = (
    "aws_s3_bucket_acl", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block", "aws_s3_bucket_versioning", "aws_s3_bucket_notification",
    "aws_s3_bucket_replication_configuration", "aws_s3_bucket_object_lock_configuration",
    "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_accelerate_configuration",
    "aws_s3_bucket_cors_configuration", "aws_s3_bucket_website_configuration",
    "aws_s3_bucket_server_side_encryption_configuration",
)


@dataclass
class BucketIndex:
    parts: dict[tuple[str, str], list[Resource]] = field(default_factory=lambda: defaultdict(list))
    by_name: dict[str, Resource] = field(default_factory=dict)

    def of(self, bucket: Resource, rtype: str) -> list[Resource]:
        """The `rtype` resources that configure `bucket`."""
        return self.parts.get((bucket.address, rtype), [])


_last: tuple[Stack, BucketIndex] | None = None


def bucket_of(stack: Stack, value: Any, by_name: dict[str, Resource] | None = None) -> Resource | None:
    """The aws_s3_bucket (or AWS::S3::Bucket) a `bucket`/`Bucket` value names, by reference or literal name."""
    target = stack.resolve(value)
    if target is not None and target.type in TF_BUCKET_PARTS and isinstance(value, Unknown) \
            and value.attr in ("id", "bucket"):
        # A bucket sub-resource's id is its bucket's name (aws_s3_bucket_policy.x.id): follow it once.
        target = stack.resolve(target.get("bucket"))
    if target is not None:
        return target if target.type in (BUCKET, CFN_BUCKET) else None
    if isinstance(value, str):
        value = value.rpartition(":::")[2] if value.startswith("arn:") else value
        names = by_name if by_name is not None else index(stack).by_name
        return names.get(value)
    return None


def index(stack: Stack) -> BucketIndex:
    """Bucket sub-resources by bucket, built once per stack (rules run one stack at a time)."""
    global _last
    if _last is not None and _last[0] is stack:
        return _last[1]
    idx = BucketIndex()
    for bucket in stack.of_type(BUCKET, CFN_BUCKET):
        name = bucket.get("bucket" if bucket.framework == "terraform" else "BucketName")
        if isinstance(name, str):
            idx.by_name.setdefault(name, bucket)
    for part in stack.of_type(*TF_BUCKET_PARTS):
        bucket = bucket_of(stack, part.get("bucket"), idx.by_name)
        if bucket is not None:
            idx.parts[(bucket.address, part.type)].append(part)
    _last = (stack, idx)
    return idx


def _fill(value: Any) -> Any:
    """A document's structure with every unknown leaf replaced by PLACEHOLDER."""
    if isinstance(value, Unknown):
        return PLACEHOLDER
    if isinstance(value, dict):
        return {k: _fill(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v) for v in value]
    return value


def _from_template(value: Unknown) -> Any:
    """A JSON text with interpolations (heredoc, Fn::Sub): parse it with the interpolations as placeholders."""
    text = "".join(p if isinstance(p, str) else PLACEHOLDER for p in value.parts)
    try:
        return json.loads(text)
    except ValueError:
        return None


def _from_policy_document(doc: Resource) -> dict[str, Any]:
    """data.aws_iam_policy_document in IAM JSON form (principals, actions, conditions)."""
    out = []
    for st in as_list(doc.get("statement")):
        if not isinstance(st, dict):
            continue
        principal: dict[str, list[Any]] = defaultdict(list)
        for p in as_list(st.get("principals")):
            if isinstance(p, dict):
                principal[str(p.get("type"))].extend(as_list(p.get("identifiers")))
        item: dict[str, Any] = {"Effect": st.get("effect", "Allow"), "Action": st.get("actions", []),
                                "Resource": st.get("resources", [])}
        if principal:
            item["Principal"] = "*" if principal.get("*") == ["*"] else dict(principal)
        if st.get("condition") is not None:
            item["Condition"] = st.get("condition")
        if st.get("not_principals") is not None or st.get("not_actions") is not None:
            item["NotPrincipal"] = PLACEHOLDER
        out.append(item)
    return {"Statement": out}


def policy_document(stack: Stack, value: Any) -> dict[str, Any] | None:
    """A policy's structure from JSON text, jsonencode, a heredoc template, a CFN mapping or an
    aws_iam_policy_document data source; None when it cannot be read."""
    if isinstance(value, Unknown):
        if value.parts:
            doc = _from_template(value)
        elif value.target and value.target_type == "aws_iam_policy_document" and value.attr == "json":
            source = next((d for d in stack.data_sources if d.address == value.target), None)
            if source is None or source.get("source_policy_documents") is not None \
                    or source.get("override_policy_documents") is not None:
                return None
            doc = _from_policy_document(source)
        else:
            return None
    elif isinstance(value, Encoded):
        doc = _fill(value.value)
    else:
        doc = _fill(decoded(value))
    return doc if isinstance(doc, dict) else None


def statements(doc: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not doc:
        return []
    return [s for s in as_list(doc.get("Statement")) if isinstance(s, dict)]


def _strings(value: Any) -> list[str]:
    return [v for v in as_list(value) if isinstance(v, str)]


def is_public_principal(principal: Any) -> bool:
    """Principal "*" or {"AWS": "*"}: anyone."""
    if principal == "*":
        return True
    return isinstance(principal, dict) and "*" in _strings(principal.get("AWS"))


def principal_services(principal: Any) -> set[str]:
    if not isinstance(principal, dict):
        return set()
    return set(_strings(principal.get("Service")))


def actions_of(statement: dict[str, Any]) -> list[str]:
    return _strings(statement.get("Action"))


def action_matches(patterns: list[str], action: str) -> bool:
    """IAM action matching, enough for service:Action and service:* and *."""
    action = action.lower()
    for p in patterns:
        p = p.lower()
        if p == "*" or p == action or (p.endswith("*") and action.startswith(p[:-1])):
            return True
    return False


def grants_service(doc: dict[str, Any] | None, service: str, action: str) -> bool | None:
    """Whether the document lets `service` (or anyone) perform `action`; None when it cannot be told."""
    if doc is None:
        return None
    unsure = False
    for st in statements(doc):
        if st.get("Effect", "Allow") != "Allow":
            continue
        principal = st.get("Principal")
        if principal == PLACEHOLDER or "NotPrincipal" in st or "NotAction" in st:
            unsure = True
            continue
        if not (is_public_principal(principal) or service in principal_services(principal)
                or PLACEHOLDER in principal_services(principal)):
            continue
        acts = actions_of(st)
        if action_matches(acts, action):
            return True
        if PLACEHOLDER in acts or not acts:
            unsure = True
    return None if unsure else False


# Where event notifications name their destinations: (block or list, destination attribute, service).
TF_NOTIFICATION_TARGETS = (("queue", "queue_arn", "sqs"), ("topic", "topic_arn", "sns"),
                           ("lambda_function", "lambda_function_arn", "lambda"))
CFN_NOTIFICATION_TARGETS = (("QueueConfigurations", "Queue", "sqs"), ("TopicConfigurations", "Topic", "sns"),
                            ("LambdaConfigurations", "Function", "lambda"))


@dataclass(frozen=True)
class NotificationTarget:
    holder: Resource  # the aws_s3_bucket_notification, or the AWS::S3::Bucket
    bucket: Resource  # the bucket (the holder itself when not resolvable in Terraform)
    service: str  # "sqs" | "sns" | "lambda"
    value: Any  # the destination ARN as written
    path: str  # attribute path of the destination


def notification_targets(stack: Stack) -> list[NotificationTarget]:
    """Every queue/topic/function destination of the stack's S3 event notifications."""
    out = []
    if stack.framework == "terraform":
        for note in stack.of_type("aws_s3_bucket_notification"):
            bucket = bucket_of(stack, note.get("bucket")) or note
            for block, attr, service in TF_NOTIFICATION_TARGETS:
                for i, conf in enumerate(as_list(note.get(block))):
                    if isinstance(conf, dict):
                        out.append(NotificationTarget(note, bucket, service, conf.get(attr), f"{block}.{i}.{attr}"))
        return out
    for bucket in stack.of_type(CFN_BUCKET):
        config = bucket.get("NotificationConfiguration")
        if not isinstance(config, dict):
            continue
        for key, attr, service in CFN_NOTIFICATION_TARGETS:
            for i, conf in enumerate(as_list(config.get(key))):
                if isinstance(conf, dict):
                    out.append(NotificationTarget(bucket, bucket, service, conf.get(attr),
                                                  f"NotificationConfiguration.{key}.{i}.{attr}"))
    return out
