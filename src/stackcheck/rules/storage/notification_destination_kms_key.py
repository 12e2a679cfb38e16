"""SC660: S3 event notifications to an SQS queue or SNS topic encrypted with a KMS key S3 cannot use."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.kms.service_key_access import DESTINATION, fix, key_problem
from stackcheck.rules.storage.s3 import notification_targets

S3 = "s3.amazonaws.com"


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for target in notification_targets(stack):
        if target.service not in ("sqs", "sns"):
            continue
        dest = stack.resolve(target.value)
        if dest is None or dest.type not in DESTINATION.types or (target.holder.address, dest.address) in seen:
            continue
        seen.add((target.holder.address, dest.address))
        problem = key_problem(stack, dest, S3)
        if problem is None:
            continue
        if problem.key is None:  # an AWS managed key: the destination can never be validated
            yield RULE.finding(
                target.holder, target.path,
                f"{dest.address} {problem.clause}: S3 cannot publish to the destination, and the notification "
                "configuration is refused (Unable to validate the following destination configurations)",
                fix(dest, S3),
            )
            continue
        yield RULE.finding(
            target.holder, target.path,
            f"{dest.address} {problem.clause}: S3 cannot encrypt the event messages, so the notification is "
            "refused or its events are dropped",
            f"add a statement to {problem.key.address}'s key policy allowing Service {S3} kms:GenerateDataKey* and "
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
    limits="Keys outside the stack, keys whose policy is replaced by a separate aws_kms_key_policy and key policies "
           "that cannot be read statically are not judged. The key check is shared with SC852 "
           "(rules/kms/service_key_access.py).",
    check=check,
)
