"""SC611: an Aurora Serverless v2 (db.serverless) instance in a cluster without a Serverless v2 scaling configuration."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown
from stackcheck.rules.base import Context, FieldMap, Rule

INSTANCE = FieldMap({
    "aws_rds_cluster_instance": {"cluster": "cluster_identifier", "class": "instance_class"},
    "AWS::RDS::DBInstance": {"cluster": "DBClusterIdentifier", "class": "DBInstanceClass"},
})
CLUSTER = FieldMap({
    "aws_rds_cluster": {"scaling": "serverlessv2_scaling_configuration", "mode": "engine_mode"},
    "AWS::RDS::DBCluster": {"scaling": "ServerlessV2ScalingConfiguration", "mode": "EngineMode"},
})
SERVERLESS = "db.serverless"


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for inst in INSTANCE.resources(stack):
        if INSTANCE.get(inst, "class") != SERVERLESS:
            continue
        cluster = stack.resolve(INSTANCE.get(inst, "cluster"))
        if cluster is None or cluster.type not in CLUSTER.types:
            continue
        scaling = CLUSTER.get(cluster, "scaling")
        if (scaling is not None and scaling != []) or isinstance(CLUSTER.get(cluster, "mode"), Unknown):
            continue
        attr = CLUSTER.name(cluster, "scaling")
        yield RULE.finding(
            inst, INSTANCE.name(inst, "class"),
            f"the instance class is {SERVERLESS} but its cluster {cluster.address} has no {attr}: RDS refuses to "
            "create a Serverless v2 instance until the cluster has a capacity range",
            f"add {attr} (min_capacity / max_capacity in ACUs, e.g. 0.5 and 8) to {cluster.address}",
        )


RULE = Rule(
    id="SC611", name="aurora-serverless-v2-without-scaling",
    title="Aurora Serverless v2 instance in a cluster without a scaling configuration",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An aws_rds_cluster_instance / AWS::RDS::DBInstance with instance class db.serverless whose cluster "
          "(in the stack) sets no serverlessv2_scaling_configuration / ServerlessV2ScalingConfiguration.",
    why="The capacity range of Serverless v2 instances is a cluster setting; without it CreateDBInstance fails. "
        "The cluster itself is created, so the apply fails half-way.",
    error="InvalidDBClusterStateFault: Set the Serverless v2 scaling configuration on the parent DB cluster before "
          "creating a Serverless v2 DB instance.",
    broken='resource "aws_rds_cluster_instance" "writer" {\n  cluster_identifier = aws_rds_cluster.orders.id\n'
           '  instance_class     = "db.serverless"\n}',
    fixed='resource "aws_rds_cluster" "orders" {\n  serverlessv2_scaling_configuration {\n    min_capacity = 0.5\n'
          '    max_capacity = 8\n  }\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.create.html",
        "https://github.com/cloudposse/terraform-aws-rds-cluster/pull/181 (the error on apply)",
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ServerlessV2ScalingConfiguration.html",
    ),
    limits="Clusters outside the stack are not judged.",
    check=check,
)
