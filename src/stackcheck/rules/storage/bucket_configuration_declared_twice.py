"""SC659: one S3 bucket configuration (notification, lifecycle, policy...) declared by two Terraform resources."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.storage.s3 import index

# Bucket settings S3 stores as one document that each PUT replaces, and the deprecated inline argument of
# aws_s3_bucket that writes the same document (None: no inline form).
SINGLETONS = {
    "aws_s3_bucket_notification": None,
    "aws_s3_bucket_lifecycle_configuration": "lifecycle_rule",
    "aws_s3_bucket_policy": "policy",
    "aws_s3_bucket_replication_configuration": "replication_configuration",
    "aws_s3_bucket_cors_configuration": "cors_rule",
    "aws_s3_bucket_website_configuration": "website",
    "aws_s3_bucket_server_side_encryption_configuration": "server_side_encryption_configuration",
}


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = index(stack)
    for bucket in stack.of_type("aws_s3_bucket"):
        for rtype, inline in SINGLETONS.items():
            parts = idx.of(bucket, rtype)
            writers = [p.address for p in parts]
            if inline and bucket.get(inline) not in (None, [], ""):
                writers.insert(0, f"{bucket.address}.{inline}")
            if len(writers) < 2:
                continue
            last = parts[-1]
            yield RULE.finding(
                last, "bucket",
                f"{' and '.join(writers)} all write the {rtype.removeprefix('aws_s3_bucket_').replace('_', ' ')} of "
                f"{bucket.address}: S3 keeps one such document per bucket, so each apply overwrites the other "
                "(settings silently lost, and a perpetual diff)",
                f"merge them into a single {rtype} (one block per destination or rule)"
                + (f" and drop the inline {inline} argument" if inline and bucket.get(inline) else ""),
            )


RULE = Rule(
    id="SC659", name="s3-bucket-configuration-declared-twice",
    title="One S3 bucket configuration declared by two resources",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform",), stage="apply",
    finds="Two or more aws_s3_bucket_notification, _lifecycle_configuration, _policy, _replication_configuration, "
          "_cors_configuration, _website_configuration or _server_side_encryption_configuration resources for the "
          "same bucket, or one of them next to the equivalent deprecated inline argument of aws_s3_bucket.",
    why="Each of these is a single document per bucket that PUT replaces. Terraform applies both; the last one "
        "wins, the other's events, rules or statements silently disappear, and every plan shows a diff. Typical "
        "when two modules each add a notification to a shared bucket.",
    error="",
    broken='resource "aws_s3_bucket_notification" "thumbs" { bucket = aws_s3_bucket.media.id ... }\n'
           'resource "aws_s3_bucket_notification" "index"  { bucket = aws_s3_bucket.media.id ... }',
    fixed='resource "aws_s3_bucket_notification" "media" {\n  bucket = aws_s3_bucket.media.id\n'
          '  lambda_function { ... thumbs ... }\n  lambda_function { ... index ... }\n}',
    evidence=(
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_notification "
        "(S3 buckets only support a single notification configuration; multiple resources cause a perpetual "
        "difference)",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_lifecycle_configuration "
        "(the same note for lifecycle configurations)",
        "https://github.com/matt-filion/serverless-external-s3-event/issues/46 (configurations overwrite each other)",
    ),
    limits="Terraform only: a CloudFormation bucket holds each configuration as one property. Buckets named by a "
           "value not known statically are not matched.",
    check=check,
)
