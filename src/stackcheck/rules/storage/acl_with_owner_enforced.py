"""SC650: a bucket ACL on a bucket whose Object Ownership is BucketOwnerEnforced (ACLs disabled)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.storage.s3 import CFN_BUCKET, bucket_of, index

ENFORCED = "BucketOwnerEnforced"
# Canned ACLs that grant nothing beyond the owner: CreateBucket accepts them with ACLs disabled.
OWNER_ONLY = {"private", "bucket-owner-full-control", "Private", "BucketOwnerFullControl"}


def _tf_ownership(stack: Stack, bucket: Resource) -> tuple[str | None, Resource | None]:
    """(object ownership, the aws_s3_bucket_ownership_controls) of a bucket; absent means enforced."""
    controls = index(stack).of(bucket, "aws_s3_bucket_ownership_controls")
    if not controls:
        return ENFORCED, None
    value = controls[0].get("rule.object_ownership")
    return (value if isinstance(value, str) else None), controls[0]


def _terraform(stack: Stack) -> Iterator[Finding]:
    for acl in stack.of_type("aws_s3_bucket_acl"):
        bucket = bucket_of(stack, acl.get("bucket"))
        if bucket is None or (acl.get("acl") is None and acl.get("access_control_policy") is None):
            continue
        ownership, controls = _tf_ownership(stack, bucket)
        attr = "acl" if acl.get("acl") is not None else "access_control_policy"
        shown = f'acl = "{acl.get("acl")}"' if isinstance(acl.get("acl"), str) else attr
        if ownership == ENFORCED:
            why = ("it has no aws_s3_bucket_ownership_controls, so S3 applies the default BucketOwnerEnforced "
                   "(ACLs disabled) to the new bucket" if controls is None
                   else "its aws_s3_bucket_ownership_controls sets object_ownership = \"BucketOwnerEnforced\"")
            yield RULE.finding(
                acl, attr,
                f"{shown} is set on {bucket.address}, but {why}: PutBucketAcl fails with "
                "AccessControlListNotSupported: The bucket does not allow ACLs",
                "remove the aws_s3_bucket_acl and grant access with a bucket policy; if ACLs are really needed "
                "(e.g. CloudFront standard logging), add aws_s3_bucket_ownership_controls with object_ownership = "
                "\"BucketOwnerPreferred\" and depends_on it from the ACL",
            )
        elif ownership is not None and controls is not None and not stack.depends_transitively(acl, controls.address):
            yield RULE.finding(
                acl, attr,
                f"{shown} on {bucket.address} does not wait for {controls.address} ({ownership}): Terraform may "
                "put the ACL while the new bucket still has ACLs disabled (AccessControlListNotSupported)",
                f"add depends_on = [{controls.address}] to the aws_s3_bucket_acl",
                blocker=False, severity="medium",
            )
    for bucket in stack.of_type("aws_s3_bucket"):
        legacy = bucket.get("acl")
        if not isinstance(legacy, str) or legacy in OWNER_ONLY:
            continue
        if _tf_ownership(stack, bucket)[0] == ENFORCED:
            yield RULE.finding(
                bucket, "acl",
                f'acl = "{legacy}" on a bucket with ACLs disabled (no ownership controls, or BucketOwnerEnforced): '
                "S3 rejects the ACL with AccessControlListNotSupported",
                "drop the acl argument and use a bucket policy, or add aws_s3_bucket_ownership_controls "
                "(BucketOwnerPreferred) and a separate aws_s3_bucket_acl that depends on it",
            )


def _cloudformation(stack: Stack) -> Iterator[Finding]:
    for bucket in stack.of_type(CFN_BUCKET):
        acl = bucket.get("AccessControl")
        if not isinstance(acl, str) or acl in OWNER_ONLY:
            continue
        ownership = bucket.get("OwnershipControls.Rules.ObjectOwnership")
        if isinstance(ownership, Unknown) or (ownership is not None and ownership != ENFORCED):
            continue
        why = ("OwnershipControls is not set, so the new bucket gets the default BucketOwnerEnforced"
               if ownership is None else "OwnershipControls sets BucketOwnerEnforced")
        yield RULE.finding(
            bucket, "AccessControl",
            f"AccessControl: {acl} asks for an ACL, but {why} (ACLs disabled): bucket creation fails with "
            "InvalidBucketAclWithObjectOwnership",
            "remove AccessControl and grant access with an AWS::S3::BucketPolicy; if an ACL is really needed "
            "(e.g. LogDeliveryWrite for CloudFront logs), add OwnershipControls: {Rules: [{ObjectOwnership: "
            "BucketOwnerPreferred}]}",
        )


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    yield from (_terraform(stack) if stack.framework == "terraform" else _cloudformation(stack))


RULE = Rule(
    id="SC650", name="s3-acl-with-acls-disabled",
    title="Bucket ACL on a bucket whose ACLs are disabled (BucketOwnerEnforced)",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An aws_s3_bucket_acl (or a legacy aws_s3_bucket acl, or an AWS::S3::Bucket AccessControl granting "
          "more than the owner) on a bucket without ownership controls, or with BucketOwnerEnforced. Also an "
          "aws_s3_bucket_acl that does not wait for the ownership controls that enable ACLs (warning).",
    why="Since April 2023 new buckets are created with Object Ownership BucketOwnerEnforced, which disables "
        "ACLs: requests that set an ACL fail. Older modules and templates that set ACLs stopped deploying.",
    error="AccessControlListNotSupported: The bucket does not allow ACLs | Bucket cannot have ACLs set with "
          "ObjectOwnership's BucketOwnerEnforced setting (Error Code: InvalidBucketAclWithObjectOwnership)",
    broken='resource "aws_s3_bucket_acl" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  acl    = "log-delivery-write"\n}',
    fixed='resource "aws_s3_bucket_ownership_controls" "logs" {\n  bucket = aws_s3_bucket.logs.id\n'
          '  rule { object_ownership = "BucketOwnerPreferred" }\n}\nresource "aws_s3_bucket_acl" "logs" {\n'
          '  depends_on = [aws_s3_bucket_ownership_controls.logs]\n  bucket = aws_s3_bucket.logs.id\n'
          '  acl    = "log-delivery-write"\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-error-responses.html",
        "https://aws.amazon.com/about-aws/whats-new/2022/12/amazon-s3-automatically-enable-block-public-access-disable-access-control-lists-buckets-april-2023/",
        "https://github.com/terraform-aws-modules/terraform-aws-s3-bucket/issues/250 (acl = private with "
        "BucketOwnerEnforced fails)",
        "https://github.com/dspace-group/dspace-reference-architecture-aws/issues/95",
        "https://github.com/awslabs/sandbox-accounts-for-events/issues/29 (CloudFormation AccessControl)",
        "https://repost.aws/knowledge-center/cloudformation-objectownership-acl-error",
    ),
    limits="Buckets outside the stack are not judged (their ownership setting is unknown). CloudFormation "
           "AccessControl Private/BucketOwnerFullControl is accepted by CreateBucket and is not reported.",
    check=check,
)
