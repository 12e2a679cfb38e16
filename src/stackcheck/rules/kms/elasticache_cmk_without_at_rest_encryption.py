"""SC102: an ElastiCache replication group given a customer-managed key without at-rest encryption."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_bool
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_elasticache_replication_group": {"kms": "kms_key_id", "at_rest": "at_rest_encryption_enabled",
                                          "engine": "engine", "true": '"true"'},
    "AWS::ElastiCache::ReplicationGroup": {"kms": "KmsKeyId", "at_rest": "AtRestEncryptionEnabled",
                                           "engine": "Engine", "true": "true"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in FIELDS.resources(stack):
        if FIELDS.get(res, "kms") is None:
            continue
        engine = FIELDS.get(res, "engine")
        if isinstance(engine, str) and engine.lower() == "valkey":
            continue  # Valkey encrypts at rest by default
        at_rest = FIELDS.get(res, "at_rest")
        if isinstance(at_rest, Unknown) or as_bool(at_rest) is True:
            continue
        if at_rest is not None and as_bool(at_rest) is None:
            continue  # not a boolean at all: a type error, reported by the schema rules
        attr = FIELDS.name(res, "at_rest")
        state = "is false" if at_rest is not None else "is not set (Redis OSS defaults to false)"
        yield RULE.finding(
            res, attr,
            f"{FIELDS.name(res, 'kms')} names a customer-managed key but {attr} {state}; ElastiCache refuses "
            "a CMK without at-rest encryption (InvalidParameterCombination)",
            f"set {attr} = {FIELDS.name(res, 'true')}",
            line=res.line_of(FIELDS.name(res, "kms")) if at_rest is None else None,
        )


RULE = Rule(
    id="SC102", name="elasticache-cmk-without-at-rest-encryption",
    title="ElastiCache customer-managed key without at-rest encryption",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A Redis OSS replication group with a KMS key (kms_key_id / KmsKeyId) whose at-rest encryption is off "
          "or left at its default (false for Redis OSS).",
    why="CreateReplicationGroup accepts a KmsKeyId only together with AtRestEncryptionEnabled=true. The provider "
        "and cfn-lint do not check the combination, so the failure appears during the apply.",
    error="Error: creating ElastiCache Replication Group: InvalidParameterCombination: Please enable encryption "
          "at rest to use Customer Managed CMK",
    broken='resource "aws_elasticache_replication_group" "redis" {\n  kms_key_id = aws_kms_key.cache.arn\n}',
    fixed='resource "aws_elasticache_replication_group" "redis" {\n  kms_key_id                 = aws_kms_key.cache.arn\n'
          '  at_rest_encryption_enabled = "true"   # string-typed in the provider; "yes" is rejected\n}',
    evidence=(
        "https://github.com/hashicorp/terraform-provider-aws/blob/00a35305dc1b297a6fcdecdfbba33f1e63c3da39/website/docs/r/elasticache_replication_group.html.markdown (kms_key_id \"can be specified only if at_rest_encryption_enabled = true\")",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
        "../shared/seeds/000 section 2 (the error from a real deployment)",
    ),
    limits="Valkey groups are skipped (encrypted at rest by default).",
    check=check,
    origin="seed",
)
