"""SC105: an ElastiCache Redis OSS replication group without encryption at rest or in transit."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_bool
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_elasticache_replication_group": {"at_rest": "at_rest_encryption_enabled",
                                          "transit": "transit_encryption_enabled", "engine": "engine"},
    "AWS::ElastiCache::ReplicationGroup": {"at_rest": "AtRestEncryptionEnabled",
                                           "transit": "TransitEncryptionEnabled", "engine": "Engine"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for rg in FIELDS.resources(stack):
        engine = FIELDS.get(rg, "engine")
        if isinstance(engine, str) and engine.lower() == "valkey":
            continue
        for key, what in (("at_rest", "at rest"), ("transit", "in transit")):
            value = FIELDS.get(rg, key)
            if isinstance(value, Unknown) or as_bool(value) is True:
                continue
            attr = FIELDS.name(rg, key)
            yield RULE.finding(rg, attr, f"the replication group does not encrypt data {what} ({attr} "
                               f"{'is false' if value is not None else 'is not set; Redis OSS defaults to false'})",
                               f"set {attr} = true")


RULE = Rule(
    id="SC105", name="elasticache-encryption-disabled",
    title="ElastiCache without encryption at rest or in transit",
    severity="medium", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="A Redis OSS replication group whose at-rest or in-transit encryption is off or unset.",
    why="Requirement profile: data stores encrypt at rest and in transit. Both default to false for Redis OSS "
        "(Valkey encrypts at rest by default and is skipped).",
    error="",
    broken="RedisReplicationGroup:\n  Type: AWS::ElastiCache::ReplicationGroup\n  Properties:\n    Engine: redis",
    fixed="    AtRestEncryptionEnabled: true\n    TransitEncryptionEnabled: true\n    KmsKeyId: !GetAtt CacheKey.Arn",
    evidence=("https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
              "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html"),
    check=check,
    origin="seed",
)
