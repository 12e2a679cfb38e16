"""SC601: an ElastiCache replication group without Multi-AZ failover or snapshots."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_bool, as_int
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_elasticache_replication_group": {"multi_az": "multi_az_enabled", "failover": "automatic_failover_enabled",
                                          "snapshots": "snapshot_retention_limit"},
    "AWS::ElastiCache::ReplicationGroup": {"multi_az": "MultiAZEnabled", "failover": "AutomaticFailoverEnabled",
                                           "snapshots": "SnapshotRetentionLimit"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    min_days = int(ctx.param("min_cache_snapshot_days", 0))
    for rg in FIELDS.resources(stack):
        values = {k: FIELDS.get(rg, k) for k in ("multi_az", "failover", "snapshots")}
        if any(isinstance(v, Unknown) for v in values.values()):
            continue
        missing = []
        if as_bool(values["multi_az"]) is not True:
            missing.append("Multi-AZ")
        if as_bool(values["failover"]) is not True:
            missing.append("automatic failover")
        if min_days and (as_int(values["snapshots"]) or 0) < min_days:
            missing.append(f"snapshots kept at least {min_days} day(s)")
        if missing:
            attr = FIELDS.name(rg, "multi_az")
            yield RULE.finding(rg, attr, f"the replication group has no {', no '.join(missing)}: losing one node or "
                               "AZ loses the cache and its data",
                               f"set {attr}, {FIELDS.name(rg, 'failover')} = true (with at least two nodes) and "
                               f"{FIELDS.name(rg, 'snapshots')} >= {max(min_days, 1)} for recoverable data")


RULE = Rule(
    id="SC601", name="elasticache-not-multi-az",
    title="ElastiCache without Multi-AZ failover and snapshots",
    severity="medium", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="A replication group without Multi-AZ, without automatic failover, or keeping no snapshots "
          "(profile parameter min_cache_snapshot_days, default 0: off).",
    why="Requirement profile: data stores are multi-AZ and recoverable.",
    error="",
    broken="RedisReplicationGroup:\n  Type: AWS::ElastiCache::ReplicationGroup\n  Properties:\n    NumCacheClusters: 2",
    fixed="    AutomaticFailoverEnabled: true\n    MultiAZEnabled: true\n    SnapshotRetentionLimit: 5",
    evidence=("https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html",
              "https://docs.aws.amazon.com/config/latest/developerguide/elasticache-automatic-backup-check-enabled.html"),
    check=check,
    origin="seed",
)
