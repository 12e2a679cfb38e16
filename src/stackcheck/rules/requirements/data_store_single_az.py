"""SC905: a relational database that lives in one availability zone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_bool
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.support import referenced

INSTANCES = FieldMap({
    "aws_db_instance": {"multi_az": "multi_az", "cluster": "cluster_identifier", "replica": "replicate_source_db"},
    "AWS::RDS::DBInstance": {"multi_az": "MultiAZ", "cluster": "DBClusterIdentifier",
                             "replica": "SourceDBInstanceIdentifier"},
})
CLUSTER_MEMBERS = FieldMap({
    "aws_rds_cluster_instance": {"cluster": "cluster_identifier"},
    "AWS::RDS::DBInstance": {"cluster": "DBClusterIdentifier"},
})
CLUSTERS = FieldMap({
    "aws_rds_cluster": {"mode": "engine_mode", "multi_az_storage": "db_cluster_instance_class"},
    "AWS::RDS::DBCluster": {"mode": "EngineMode", "multi_az_storage": "DBClusterInstanceClass"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for db in INSTANCES.resources(stack):
        if INSTANCES.get(db, "cluster") is not None or INSTANCES.get(db, "replica") is not None:
            continue  # Aurora members are judged with their cluster; read replicas are extra copies
        value = INSTANCES.get(db, "multi_az")
        if isinstance(value, Unknown) or as_bool(value) is True:
            continue
        attr = INSTANCES.name(db, "multi_az")
        yield RULE.finding(db, attr if value is not None else None,
                           "the database runs in one availability zone: an AZ outage or a host failure stops it "
                           "until it is restored",
                           f"set {attr} = true (a synchronous standby in another AZ, automatic failover)")
    members: Counter[str] = Counter()
    for inst in CLUSTER_MEMBERS.resources(stack):
        cluster = referenced(stack, CLUSTER_MEMBERS.get(inst, "cluster"), *CLUSTERS.types)
        if cluster is None:
            continue
        members[cluster.address] += 1
    for cluster in CLUSTERS.resources(stack):
        mode = CLUSTERS.get(cluster, "mode")
        if isinstance(mode, Unknown) or str(mode or "provisioned").lower() != "provisioned":
            continue  # serverless v1 and others manage their own capacity
        if CLUSTERS.get(cluster, "multi_az_storage") is not None:
            continue  # a Multi-AZ DB cluster (RDS, not Aurora) places its own standbys
        count = members.get(cluster.address, 0)
        if count == 0 or count >= 2:
            continue  # no member in this stack (created elsewhere), or a replica to fail over to
        yield RULE.finding(cluster, None,
                           "the Aurora cluster has one DB instance: the storage spans three AZs, but if that "
                           "instance's AZ fails there is no replica to promote and the database is down until a "
                           "new instance is created",
                           "add a second DB instance (aws_rds_cluster_instance / AWS::RDS::DBInstance with the "
                           "cluster's identifier) in another AZ: Aurora promotes it in about a minute")


RULE = Rule(
    id="SC905", name="database-single-az",
    title="Database in a single availability zone",
    severity="medium", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="RDS DB instances without Multi-AZ, and provisioned Aurora clusters with exactly one DB instance in "
          "the stack.",
    why="Requirement profile: multi-AZ data stores. A Single-AZ RDS instance, or an Aurora cluster without a "
        "replica, has no standby to fail over to.",
    error="",
    broken='resource "aws_db_instance" "orders" {\n  engine         = "postgres"\n  instance_class = "db.t4g.medium"\n}',
    fixed='  multi_az = true',
    evidence=("https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html",
              "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html",
              "https://docs.aws.amazon.com/config/latest/developerguide/rds-multi-az-support.html"),
    limits="Instances created with count/for_each are counted once per instance the loader expands; an "
           "instance count that is not known statically counts as one.",
    check=check,
)
