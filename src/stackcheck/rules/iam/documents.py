"""Every policy document a stack writes, with its kind: identity, trust or resource-based."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from stackcheck.model import iam
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_list

IDENTITY = "identity"
TRUST = "trust"
RESOURCE = "resource"

# (type, attribute path, kind); "[]" iterates a list of blocks/properties.
_SITES: tuple[tuple[str, str, str], ...] = (
    ("aws_iam_policy", "policy", IDENTITY),
    ("aws_iam_role_policy", "policy", IDENTITY),
    ("aws_iam_user_policy", "policy", IDENTITY),
    ("aws_iam_group_policy", "policy", IDENTITY),
    ("aws_iam_role", "inline_policy[].policy", IDENTITY),
    ("aws_iam_role", "assume_role_policy", TRUST),
    ("AWS::IAM::Policy", "PolicyDocument", IDENTITY),
    ("AWS::IAM::ManagedPolicy", "PolicyDocument", IDENTITY),
    ("AWS::IAM::RolePolicy", "PolicyDocument", IDENTITY),
    ("AWS::IAM::UserPolicy", "PolicyDocument", IDENTITY),
    ("AWS::IAM::GroupPolicy", "PolicyDocument", IDENTITY),
    ("AWS::IAM::Role", "Policies[].PolicyDocument", IDENTITY),
    ("AWS::IAM::User", "Policies[].PolicyDocument", IDENTITY),
    ("AWS::IAM::Group", "Policies[].PolicyDocument", IDENTITY),
    ("AWS::IAM::Role", "AssumeRolePolicyDocument", TRUST),
    ("aws_kms_key", "policy", RESOURCE),
    ("aws_kms_key_policy", "policy", RESOURCE),
    ("AWS::KMS::Key", "KeyPolicy", RESOURCE),
    ("aws_secretsmanager_secret", "policy", RESOURCE),
    ("aws_secretsmanager_secret_policy", "policy", RESOURCE),
    ("AWS::SecretsManager::ResourcePolicy", "ResourcePolicy", RESOURCE),
    ("aws_s3_bucket_policy", "policy", RESOURCE),
    ("AWS::S3::BucketPolicy", "PolicyDocument", RESOURCE),
    ("aws_sqs_queue_policy", "policy", RESOURCE),
    ("AWS::SQS::QueuePolicy", "PolicyDocument", RESOURCE),
    ("aws_sns_topic_policy", "policy", RESOURCE),
    ("AWS::SNS::TopicPolicy", "PolicyDocument", RESOURCE),
)
SITE_TYPES = tuple(dict.fromkeys(t for t, _, _ in _SITES))


@dataclass
class Site:
    res: Resource
    attr: str  # attribute path holding the document
    kind: str
    policy: iam.Policy
    value: Any

    def line(self, stmt: iam.Statement | None = None) -> int:
        """The statement's line when the document was written inline, else the attribute's."""
        if stmt is not None:
            for probe in (f"{self.attr}.Statement.{stmt.index}", f"{self.attr}.Statement"):
                if probe in self.res.meta:
                    return self.res.meta[probe].line
        return self.res.line_of(self.attr)

    def where(self, stmt: iam.Statement) -> str:
        sid = stmt.raw.get("Sid")
        return f"statement {stmt.index + 1}" + (f" ({sid})" if isinstance(sid, str) and sid else "")


def _values(res: Resource, path: str) -> Iterator[tuple[str, Any]]:
    head, sep, rest = path.partition("[].")
    if not sep:
        yield path, res.get(path)
        return
    for i, item in enumerate(as_list(res.get(head))):
        if isinstance(item, dict):
            yield f"{head}.{i}.{rest}", item.get(rest)


def sites(stack: Stack, *kinds: str) -> Iterator[Site]:
    """Documents of the given kinds (all kinds when none given) whose structure is known."""
    for rtype, path, kind in _SITES:
        if kinds and kind not in kinds:
            continue
        for res in stack.of_type(rtype):
            for attr, value in _values(res, path):
                policy = iam.document(stack, value)
                if policy is not None:
                    yield Site(res, attr, kind, policy, value)
