"""SC617: an RDS read replica of an instance whose automated backups are turned off."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import as_int
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_db_instance": {"source": "replicate_source_db", "retention": "backup_retention_period"},
    "AWS::RDS::DBInstance": {"source": "SourceDBInstanceIdentifier", "retention": "BackupRetentionPeriod"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for replica in FIELDS.resources(stack):
        source = stack.resolve(FIELDS.get(replica, "source"))
        if source is None or source.type not in FIELDS.types or source is replica:
            continue
        # Only an explicit 0 turns backups off: CreateDBInstance defaults the retention to 1 day.
        if as_int(FIELDS.get(source, "retention")) != 0:
            continue
        attr = FIELDS.name(source, "retention")
        yield RULE.finding(
            replica, FIELDS.name(replica, "source"),
            f"the replica's source {source.address} sets {attr} = 0, which turns off automated backups; RDS only "
            "creates read replicas of instances with automated backups, so the replica fails (the source is "
            "created first and stays)",
            f"set {attr} to 1 or more on {source.address}",
        )


RULE = Rule(
    id="SC617", name="read-replica-source-without-backups",
    title="RDS read replica of an instance with backups turned off",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An aws_db_instance with replicate_source_db (or an AWS::RDS::DBInstance with SourceDBInstanceIdentifier) "
          "whose source instance in the stack sets backup_retention_period / BackupRetentionPeriod to 0.",
    why="Read replication uses the source's automated backups (binary logs / WAL); CreateDBInstanceReadReplica "
        "refuses a source whose backup retention is 0. Dev stacks often set 0 to save cost and then add a replica.",
    error="InvalidDBInstanceState: Automated backups are not enabled for this database instance. To enable automated "
          "backups, use ModifyDBInstance to set the backup retention period to a non-zero value.",
    broken='resource "aws_db_instance" "primary" {\n  backup_retention_period = 0\n}\n'
           'resource "aws_db_instance" "replica" {\n  replicate_source_db = aws_db_instance.primary.identifier\n}',
    fixed='resource "aws_db_instance" "primary" {\n  backup_retention_period = 1\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.Create.html (automatic backups must "
        "be enabled on the source: backup retention period other than 0)",
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html",
    ),
    limits="Sources outside the stack, and sources without an explicit retention (the API default is 1 day), "
           "are not judged.",
    check=check,
)
