"""SC612: ElastiCache automatic failover with a single node, or Multi-AZ without automatic failover."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_bool, as_int
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_elasticache_replication_group": {"failover": "automatic_failover_enabled", "multi_az": "multi_az_enabled",
                                          "nodes": "num_cache_clusters"},
    "AWS::ElastiCache::ReplicationGroup": {"failover": "AutomaticFailoverEnabled", "multi_az": "MultiAZEnabled",
                                           "nodes": "NumCacheClusters"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for rg in FIELDS.resources(stack):
        failover_value, multi_az = FIELDS.get(rg, "failover"), FIELDS.get(rg, "multi_az")
        if isinstance(failover_value, Unknown) or isinstance(multi_az, Unknown):
            continue
        failover = as_bool(failover_value) is True
        names = {k: FIELDS.name(rg, k) for k in ("failover", "multi_az", "nodes")}
        if as_bool(multi_az) is True and not failover:
            yield RULE.finding(
                rg, names["multi_az"],
                f"{names['multi_az']} is true but {names['failover']} is "
                f"{'false' if failover_value is not None else 'not set (false)'}: Multi-AZ works by failing over to "
                "a replica, so it cannot be enabled without automatic failover",
                f"set {names['failover']} = true (with at least 2 nodes), or turn Multi-AZ off",
            )
        nodes = as_int(FIELDS.get(rg, "nodes"))
        if failover and nodes is not None and nodes < 2:
            yield RULE.finding(
                rg, names["nodes"],
                f"{names['failover']} is true but {names['nodes']} is {nodes}: failover needs a replica to promote, "
                "so the replication group is refused",
                f"set {names['nodes']} to 2 or more, or {names['failover']} = false for a single-node cache",
            )


RULE = Rule(
    id="SC612", name="elasticache-failover-without-replica",
    title="ElastiCache failover settings that cannot work (one node, or Multi-AZ without failover)",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="plan",
    finds="A replication group with automatic failover on and fewer than 2 cache clusters, or with Multi-AZ on "
          "and automatic failover off or unset. Often one environment's variables (a single dev node) with "
          "failover hard-coded on.",
    why="Automatic failover promotes a read replica, so it needs at least one; Multi-AZ requires automatic "
        "failover. The Terraform provider checks both in its plan-time diff (not in `terraform validate`), "
        "ElastiCache rejects them for CloudFormation.",
    error="\"num_cache_clusters\": must be at least 2 if automatic_failover_enabled is true | "
          "automatic_failover_enabled must be true if multi_az_enabled is true",
    broken='resource "aws_elasticache_replication_group" "sessions" {\n  num_cache_clusters         = var.cache_nodes  # 1 in dev\n'
           '  automatic_failover_enabled = true\n}',
    fixed='resource "aws_elasticache_replication_group" "sessions" {\n  num_cache_clusters         = var.cache_nodes\n'
          '  automatic_failover_enabled = var.cache_nodes > 1\n  multi_az_enabled           = var.cache_nodes > 1\n}',
    evidence=(
        "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/elasticache/replication_group.go "
        "(replicationGroupValidateAutomaticFailoverNumCacheClusters, replicationGroupValidateMultiAZAutomaticFailover)",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html "
        "(NumCacheClusters: if AutomaticFailoverEnabled is true, the value must be at least 2)",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html",
    ),
    limits="Cluster-mode groups (num_node_groups / NodeGroupConfiguration) are not judged.",
    check=check,
)
