"""SC653: S3 replication from or to a bucket that does not have versioning enabled."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_bool, as_list
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.storage.s3 import CFN_BUCKET, bucket_of, index


def tf_versioning(stack: Stack, bucket: Resource) -> tuple[bool | None, Resource | None]:
    """(versioning enabled?, the aws_s3_bucket_versioning) of a Terraform bucket; None when unknown."""
    for res in index(stack).of(bucket, "aws_s3_bucket_versioning"):
        status = res.get("versioning_configuration.status")
        if isinstance(status, Unknown):
            return None, res
        return status == "Enabled", res
    legacy = bucket.get("versioning.enabled")  # the deprecated inline block
    if isinstance(legacy, Unknown):
        return None, None
    if as_bool(legacy) is True:
        return True, None
    if bucket.get("object_lock_enabled") is not None and as_bool(bucket.get("object_lock_enabled")) is True:
        return True, None  # S3 enables versioning on buckets created with Object Lock
    return False, None


def cfn_versioning(bucket: Resource) -> bool | None:
    status = bucket.get("VersioningConfiguration.Status")
    if isinstance(status, Unknown):
        return None
    return status == "Enabled" or as_bool(bucket.get("ObjectLockEnabled")) is True


def _terraform(stack: Stack) -> Iterator[Finding]:
    for repl in stack.of_type("aws_s3_bucket_replication_configuration"):
        source = bucket_of(stack, repl.get("bucket"))
        if source is not None:
            enabled, versioning = tf_versioning(stack, source)
            if enabled is False:
                yield RULE.finding(
                    repl, "bucket",
                    f"the source bucket {source.address} does not have versioning enabled (no aws_s3_bucket_versioning "
                    "with status = \"Enabled\"): S3 refuses the replication configuration",
                    f"add aws_s3_bucket_versioning for {source.address} with versioning_configuration {{ status = "
                    "\"Enabled\" } and depends_on it from the replication configuration",
                )
            elif enabled and versioning is not None and not stack.depends_transitively(repl, versioning.address):
                yield RULE.finding(
                    repl, "bucket",
                    f"the replication configuration does not wait for {versioning.address}: Terraform may apply it "
                    "before versioning is enabled (InvalidRequest: Versioning must be 'Enabled' on the bucket)",
                    f"add depends_on = [{versioning.address}]",
                    blocker=False, severity="medium",
                )
        for i, rule in enumerate(as_list(repl.get("rule"))):
            block = (as_list(rule.get("destination")) or [None])[0] if isinstance(rule, dict) else None
            dest = bucket_of(stack, block.get("bucket")) if isinstance(block, dict) else None
            if dest is None or dest is source:
                continue
            if tf_versioning(stack, dest)[0] is False:
                yield RULE.finding(
                    repl, f"rule.{i}.destination.bucket",
                    f"the destination bucket {dest.address} does not have versioning enabled: S3 refuses the "
                    "replication configuration (InvalidRequest: Destination bucket must have versioning enabled.)",
                    f"add aws_s3_bucket_versioning for {dest.address} with status = \"Enabled\" and depends_on it",
                )


def _cloudformation(stack: Stack) -> Iterator[Finding]:
    for bucket in stack.of_type(CFN_BUCKET):
        config = bucket.get("ReplicationConfiguration")
        if not isinstance(config, dict):
            continue
        if cfn_versioning(bucket) is False:
            yield RULE.finding(
                bucket, "ReplicationConfiguration",
                "the bucket replicates but VersioningConfiguration is not Status: Enabled: S3 refuses the "
                "replication configuration",
                "add VersioningConfiguration: {Status: Enabled} to the bucket",
            )
        for i, rule in enumerate(as_list(config.get("Rules"))):
            dest = bucket_of(stack, rule.get("Destination", {}).get("Bucket")) if isinstance(rule, dict) else None
            if dest is not None and dest is not bucket and cfn_versioning(dest) is False:
                yield RULE.finding(
                    bucket, f"ReplicationConfiguration.Rules.{i}.Destination.Bucket",
                    f"the destination bucket {dest.address} does not have versioning enabled: S3 refuses the "
                    "replication configuration (Destination bucket must have versioning enabled.)",
                    f"add VersioningConfiguration: {{Status: Enabled}} to {dest.address}",
                )


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    yield from (_terraform(stack) if stack.framework == "terraform" else _cloudformation(stack))


RULE = Rule(
    id="SC653", name="s3-replication-without-versioning",
    title="S3 replication from or to a bucket without versioning",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A replication configuration whose source bucket, or whose destination bucket in the stack, does not "
          "have versioning enabled; and a Terraform replication configuration that does not wait for the "
          "source's aws_s3_bucket_versioning (warning).",
    why="Both the source and the destination bucket must be versioning-enabled before S3 accepts a replication "
        "configuration. In Terraform versioning is a separate resource, so order matters as well.",
    error="InvalidRequest: Versioning must be 'Enabled' on the bucket to apply a replication configuration | "
          "InvalidRequest: Destination bucket must have versioning enabled.",
    broken='resource "aws_s3_bucket_replication_configuration" "backup" {\n  bucket = aws_s3_bucket.primary.id\n'
           '  role   = aws_iam_role.replication.arn\n  rule { ... }\n}  # no aws_s3_bucket_versioning for primary',
    fixed='resource "aws_s3_bucket_versioning" "primary" {\n  bucket = aws_s3_bucket.primary.id\n'
          '  versioning_configuration { status = "Enabled" }\n}\n# replication: depends_on = [aws_s3_bucket_versioning.primary]',
    evidence=(
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html "
        "(both source and destination buckets must have versioning enabled)",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_replication_configuration "
        "(depends_on the source versioning)",
        "https://github.com/nozaq/terraform-aws-remote-state-s3-backend/issues/107",
        "https://github.com/ministryofjustice/modernisation-platform/pull/1223",
    ),
    limits="Buckets outside the stack (other accounts or regions given by ARN) are not judged.",
    check=check,
)
