"""SC651: a public bucket policy on a bucket whose Block Public Access blocks public policies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_bool
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.storage.s3 import bucket_of, index, is_public_principal, policy_document, statements


def public_statement(doc: dict[str, Any] | None) -> str | None:
    """The Sid (or position) of an Allow statement open to everyone without any condition."""
    for i, st in enumerate(statements(doc)):
        if st.get("Effect", "Allow") == "Allow" and is_public_principal(st.get("Principal")) \
                and not st.get("Condition"):
            sid = st.get("Sid")
            return f'"{sid}"' if isinstance(sid, str) and sid else f"#{i + 1}"
    return None


def _account_blocks(stack: Stack) -> Resource | None:
    for block in stack.of_type("aws_s3_account_public_access_block"):
        if as_bool(block.get("block_public_policy")) is True:
            return block
    return None


def _terraform(stack: Stack) -> Iterator[Finding]:
    account = _account_blocks(stack)
    for policy in stack.of_type("aws_s3_bucket_policy"):
        bucket = bucket_of(stack, policy.get("bucket"))
        sid = public_statement(policy_document(stack, policy.get("policy")))
        if sid is None or (bucket is None and account is None):
            continue
        blocks = index(stack).of(bucket, "aws_s3_bucket_public_access_block") if bucket is not None else []
        setting = blocks[0].get("block_public_policy") if blocks else None
        if account is not None:
            why = f"{account.address} sets block_public_policy = true for the whole account"
        elif not blocks:
            why = (f"{bucket.address} has no aws_s3_bucket_public_access_block, and new buckets are created with "
                   "all four Block Public Access settings on")
        elif isinstance(setting, Unknown):
            continue
        elif as_bool(setting) is True:
            why = f"{blocks[0].address} sets block_public_policy = true"
        elif not stack.depends_transitively(policy, blocks[0].address):
            yield RULE.finding(
                policy, "policy",
                f"the policy's statement {sid} is public and {blocks[0].address} turns block_public_policy off, but "
                "the policy does not wait for it: Terraform may put the policy while the new bucket still blocks "
                "public policies (AccessDenied)",
                f"add depends_on = [{blocks[0].address}] to the aws_s3_bucket_policy",
                blocker=False, severity="medium",
            )
            continue
        else:
            continue
        yield RULE.finding(
            policy, "policy",
            f"statement {sid} allows Principal \"*\" with no condition (a public policy), but {why}: "
            "PutBucketPolicy fails with AccessDenied",
            "serve the content through CloudFront with origin access control (a policy for the "
            "cloudfront.amazonaws.com service principal) instead; or, if the bucket must be public, add an "
            "aws_s3_bucket_public_access_block with block_public_policy = false and restrict_public_buckets = false "
            "and depends_on it from the policy",
        )


def _cloudformation(stack: Stack) -> Iterator[Finding]:
    for policy in stack.of_type("AWS::S3::BucketPolicy"):
        bucket = bucket_of(stack, policy.get("Bucket"))
        if bucket is None:
            continue
        sid = public_statement(policy_document(stack, policy.get("PolicyDocument")))
        if sid is None:
            continue
        config = bucket.get("PublicAccessBlockConfiguration")
        if config is None:
            why = (f"{bucket.address} has no PublicAccessBlockConfiguration, and new buckets are created with all "
                   "four Block Public Access settings on")
        elif isinstance(config, dict) and as_bool(config.get("BlockPublicPolicy")) is True:
            why = f"{bucket.address} sets BlockPublicPolicy: true"
        else:
            continue
        yield RULE.finding(
            policy, "PolicyDocument",
            f"statement {sid} allows Principal \"*\" with no condition (a public policy), but {why}: "
            "PutBucketPolicy fails with AccessDenied",
            "serve the content through CloudFront with origin access control instead; or, if the bucket must be "
            "public, set PublicAccessBlockConfiguration with BlockPublicPolicy: false and RestrictPublicBuckets: "
            "false on the bucket",
        )


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    yield from (_terraform(stack) if stack.framework == "terraform" else _cloudformation(stack))


RULE = Rule(
    id="SC651", name="s3-public-policy-blocked",
    title="Public bucket policy on a bucket that blocks public policies",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A bucket policy with an Allow statement for Principal \"*\" and no Condition, on a bucket whose Block "
          "Public Access blocks public policies: explicitly, by an account-level block in the stack, or by "
          "default (no public access block configured). Also a Terraform policy that does not wait for the "
          "public access block that allows it (warning).",
    why="With BlockPublicPolicy on, S3 refuses to store a policy that grants public access. Since April 2023 "
        "all four settings are on for every new bucket, so static-website examples written earlier fail.",
    error="api error AccessDenied: User: ... is not authorized to perform: s3:PutBucketPolicy on resource: ... "
          "because public policies are blocked by the BlockPublicPolicy block public access setting.",
    broken='resource "aws_s3_bucket_policy" "site" {\n  bucket = aws_s3_bucket.site.id\n  policy = jsonencode({\n'
           '    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject",\n'
           '                   Resource = "${aws_s3_bucket.site.arn}/*" }]\n  })\n}',
    fixed='resource "aws_s3_bucket_public_access_block" "site" {\n  bucket                  = aws_s3_bucket.site.id\n'
          '  block_public_policy     = false\n  restrict_public_buckets = false\n  block_public_acls       = true\n'
          '  ignore_public_acls      = true\n}\n# and in aws_s3_bucket_policy.site:\n'
          '  depends_on = [aws_s3_bucket_public_access_block.site]',
    evidence=(
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html "
        "(BlockPublicPolicy: PUT Bucket policy calls fail if the specified policy allows public access; "
        "the meaning of \"public\")",
        "https://aws.amazon.com/about-aws/whats-new/2022/12/amazon-s3-automatically-enable-block-public-access-disable-access-control-lists-buckets-april-2023/",
        "https://github.com/torchbox/buckup/pull/18 (PutBucketPolicy AccessDenied on new buckets since April 2023)",
        "https://github.com/aws-samples/unishop-monolith-to-microservices/issues/47 (AWS::S3::BucketPolicy AccessDenied)",
        "https://github.com/cds-snc/terraform-modules/pull/78 (policy must depend on the public access block)",
    ),
    limits="Only statements with no Condition are treated as public (a condition may or may not make a "
           "statement non-public; such policies are not reported). Account-level settings made outside the stack "
           "are unknown, and a bucket created before April 2023 keeps the settings it had.",
    check=check,
)
