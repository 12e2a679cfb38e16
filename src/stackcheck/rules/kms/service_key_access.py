"""Can an AWS service principal use the KMS key of an encrypted SNS topic or SQS queue of the stack?

Services that deliver to a topic or queue (CloudWatch alarms, EventBridge, S3 notifications, SNS) call KMS
as their service principal; only a key policy can grant that, and the AWS managed keys' policies
(alias/aws/sns, alias/aws/sqs) cannot be changed
(https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services,
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services).
Shared by SC852 (alarms, EventBridge and SNS deliveries dropped at runtime) and SC660 (S3 notification
configurations refused).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stackcheck.model import iam
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import FieldMap
from stackcheck.rules.kms.key_specs import KEY

DESTINATION = FieldMap({
    "aws_sns_topic": {"key": "kms_master_key_id"},
    "AWS::SNS::Topic": {"key": "KmsMasterKeyId"},
    "aws_sqs_queue": {"key": "kms_master_key_id"},
    "AWS::SQS::Queue": {"key": "KmsMasterKeyId"},
})
AWS_MANAGED = {"aws_sns_topic": "alias/aws/sns", "AWS::SNS::Topic": "alias/aws/sns",
               "aws_sqs_queue": "alias/aws/sqs", "AWS::SQS::Queue": "alias/aws/sqs"}
ALIAS = FieldMap({
    "aws_kms_alias": {"target": "target_key_id"},
    "AWS::KMS::Alias": {"target": "TargetKeyId"},
})
ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt")


def _stack_key(stack: Stack, value: Any) -> Resource | None:
    """The stack's KMS key a destination's key setting names, directly or through a stack alias."""
    res = stack.resolve(value)
    if res is not None and res.type in ALIAS.types:
        res = stack.resolve(ALIAS.get(res, "target"))
    return res if res is not None and res.type in KEY.types else None


@dataclass(frozen=True)
class KeyProblem:
    clause: str  # "is encrypted with ...": why the service cannot use the key
    key: Resource | None  # the stack's key, or None for an AWS managed key


def key_problem(stack: Stack, dest: Resource, service: str) -> KeyProblem | None:
    """Why `service` cannot use `dest`'s key, or None when it can, when the destination is not encrypted with
    KMS, or when we cannot tell."""
    value = DESTINATION.get(dest, "key")
    managed = AWS_MANAGED[dest.type]
    if isinstance(value, str) and (value == managed or value.endswith(":" + managed)):
        return KeyProblem(f"is encrypted with the AWS managed key {managed}, whose key policy cannot be changed to "
                          f"admit {service}", None)
    key = _stack_key(stack, value)
    if key is None:
        return None
    # A separate aws_kms_key_policy may replace the key's policy: then the key's own is not the one in force.
    if any(r.type == "aws_kms_key_policy" for r in stack.referrers.get(key.address, ())):
        return None
    raw = KEY.get(key, "policy")
    if raw is None:
        return KeyProblem(f"is encrypted with {key.address}, which has no policy and so gets the default key policy "
                          f"(account root only): IAM permissions cannot grant a service principal such as {service}",
                          key)
    policy = iam.document(stack, raw)
    if policy is None or iam.allows_service(policy, service, *ACTIONS) is not False:
        return None
    return KeyProblem(f"is encrypted with {key.address}, whose key policy has no statement allowing {service}", key)


def fix(dest: Resource, service: str) -> str:
    other = ("or leave the topic unencrypted" if AWS_MANAGED[dest.type] == "alias/aws/sns"
             else "or use SQS-managed encryption (sqs_managed_sse_enabled / SqsManagedSseEnabled) instead of KMS")
    return (f"encrypt {dest.address} with a customer-managed key whose policy allows Principal "
            f'{{"Service": "{service}"}} kms:GenerateDataKey* and kms:Decrypt (keep the account-root statement), '
            f"{other}")
