"""SC660: S3 event notifications to an SQS queue or SNS topic encrypted with a KMS key S3 cannot use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.storage.s3 import (
    PLACEHOLDER,
    action_matches,
    actions_of,
    is_public_principal,
    notification_targets,
    policy_document,
    principal_services,
    statements,
)

DESTS = {  # service -> (resource types, key attribute per framework, AWS managed alias)
    "sqs": (("aws_sqs_queue", "AWS::SQS::Queue"), {"terraform": "kms_master_key_id", "cloudformation": "KmsMasterKeyId"},
            "alias/aws/sqs"),
    "sns": (("aws_sns_topic", "AWS::SNS::Topic"), {"terraform": "kms_master_key_id", "cloudformation": "KmsMasterKeyId"},
            "alias/aws/sns"),
}
KEY_TYPES = ("aws_kms_key", "AWS::KMS::Key")
S3 = "s3.amazonaws.com"


def _key_allows_s3(stack: Stack, key: Resource) -> bool | None:
    """Whether a key policy lets S3 generate data keys; None when the policy cannot be read."""
    raw = key.get("policy" if key.framework == "terraform" else "KeyPolicy")
    if raw is None:
        return False  # the default key policy only trusts the account's IAM principals
    doc = policy_document(stack, raw)
    if doc is None:
        return None
    for st in statements(doc):
        if st.get("Effect", "Allow") != "Allow":
            continue
        principal = st.get("Principal")
        services = principal_services(principal)
        if principal == PLACEHOLDER or PLACEHOLDER in services:
            return None
        if (S3 in services or is_public_principal(principal)) and action_matches(actions_of(st), "kms:GenerateDataKey"):
            return True
    return False


def _key_of(stack: Stack, value: Any) -> Resource | None:
    target = stack.resolve(value)
    if target is not None and target.type in KEY_TYPES:
        return target
    if target is not None and target.type in ("aws_kms_alias", "AWS::KMS::Alias"):
        inner = target.get("target_key_id" if target.framework == "terraform" else "TargetKeyId")
        key = stack.resolve(inner)
        return key if key is not None and key.type in KEY_TYPES else None
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for target in notification_targets(stack):
        spec = DESTS.get(target.service)
        dest = stack.resolve(target.value)
        if spec is None or dest is None or dest.type not in spec[0] or (target.holder.address, dest.address) in seen:
            continue
        seen.add((target.holder.address, dest.address))
        attr = spec[1][dest.framework]
        value = dest.get(attr)
        if isinstance(value, str) and value == spec[2]:
            yield RULE.finding(
                target.holder, target.path,
                f"{dest.address} is encrypted with the AWS managed key {value}, whose key policy cannot be changed "
                "to let S3 use it: S3 cannot publish to the destination, and the notification configuration is "
                "refused (Unable to validate the following destination configurations)",
                f"encrypt {dest.address} with a customer managed KMS key whose policy allows Service "
                f"{S3} kms:GenerateDataKey* and kms:Decrypt"
                + (" (or use SQS-managed encryption, sqs_managed_sse_enabled / SqsManagedSseEnabled)"
                   if target.service == "sqs" else ""),
            )
            continue
        key = _key_of(stack, value) if isinstance(value, Unknown) else None
        if key is None or _key_allows_s3(stack, key) is not False:
            continue
        yield RULE.finding(
            target.holder, target.path,
            f"{dest.address} is encrypted with {key.address}, whose key policy does not let {S3} use the key: S3 "
            "cannot encrypt the event messages, so the notification is refused or its events are dropped",
            f"add a statement to {key.address}'s key policy allowing Service {S3} kms:GenerateDataKey* and "
            "kms:Decrypt",
            blocker=False, severity="medium",
        )


RULE = Rule(
    id="SC660", name="s3-notification-destination-kms-key",
    title="S3 notification destination encrypted with a key S3 cannot use",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="S3 event notifications to an SQS queue or SNS topic encrypted with the AWS managed key (alias/aws/sqs, "
          "alias/aws/sns), or with a customer managed key in the stack whose key policy does not allow the "
          "s3.amazonaws.com service principal (warning).",
    why="S3 must generate a data key with the destination's KMS key to deliver events. An AWS managed key's "
        "policy cannot be changed to allow S3, so the destination can never be validated; a customer managed key "
        "needs an explicit statement for the S3 service principal.",
    error="InvalidArgument: Unable to validate the following destination configurations",
    broken='resource "aws_sqs_queue" "ingest" {\n  kms_master_key_id = "alias/aws/sqs"\n}',
    fixed='resource "aws_sqs_queue" "ingest" {\n  kms_master_key_id = aws_kms_key.events.arn  # policy allows '
          's3.amazonaws.com\n}',
    evidence=(
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html "
        "(compatibility with AWS services: a customer managed key with a policy for the service is required)",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html",
        "https://github.com/aws/aws-cdk/issues/14370",
        "https://github.com/aws/aws-cdk/issues/5991 (KMS_MANAGED queue: Unable to validate)",
        "https://github.com/ministryofjustice/cloud-platform/issues/3128",
    ),
    limits="Keys outside the stack and key policies that cannot be read statically are not judged.",
    check=check,
)
