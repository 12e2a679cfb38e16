"""SC618: RDS storage settings the API refuses: io1/io2 without IOPS, gp3 IOPS/throughput on small volumes."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.engines import GP3_PROVISIONING_THRESHOLD_GIB, PROVISIONED_IOPS_TYPES, engine_family
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_int
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_db_instance": {"type": "storage_type", "iops": "iops", "throughput": "storage_throughput",
                        "size": "allocated_storage", "engine": "engine", "cluster": "replicate_source_db",
                        "snapshot": "snapshot_identifier"},
    "AWS::RDS::DBInstance": {"type": "StorageType", "iops": "Iops", "throughput": "StorageThroughput",
                             "size": "AllocatedStorage", "engine": "Engine", "cluster": "SourceDBInstanceIdentifier",
                             "snapshot": "DBSnapshotIdentifier"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for db in FIELDS.resources(stack):
        if FIELDS.get(db, "cluster") is not None or FIELDS.get(db, "snapshot") is not None:
            continue  # replicas and restores inherit storage settings from their source
        if db.get("DBClusterIdentifier") is not None:
            continue  # an Aurora member: storage is the cluster's
        values = {k: FIELDS.get(db, k) for k in ("type", "iops", "throughput", "size", "engine")}
        if any(isinstance(v, Unknown) for v in values.values()):
            continue
        stype = values["type"]
        iops = as_int(values["iops"])
        if stype in PROVISIONED_IOPS_TYPES and not iops:
            yield RULE.finding(
                db, FIELDS.name(db, "type"),
                f"storage type {stype} is Provisioned IOPS storage but {FIELDS.name(db, 'iops')} is not set: RDS "
                f"refuses the instance (The storage type {stype} requires iops to be specified)",
                f"set {FIELDS.name(db, 'iops')} (e.g. 3000), or use gp3 storage",
            )
            continue
        family = engine_family(values["engine"]) if isinstance(values["engine"], str) else None
        threshold = GP3_PROVISIONING_THRESHOLD_GIB.get(family or "")
        size = as_int(values["size"])
        if stype != "gp3" or threshold is None or size is None or size >= threshold:
            continue
        given = [FIELDS.name(db, k) for k in ("iops", "throughput") if values[k] is not None]
        if not given:
            continue
        yield RULE.finding(
            db, given[0],
            f"{' and '.join(given)} set on gp3 storage of {size} GiB for {values['engine']}: below {threshold} GiB "
            "gp3 has a fixed baseline (3,000 IOPS, 125 MiBps) and RDS refuses provisioned values (You can't "
            f"specify IOPS or storage throughput for engine {values['engine']} and a storage size less than "
            f"{threshold})",
            f"remove {' and '.join(given)}, or allocate at least {threshold} GiB",
        )


RULE = Rule(
    id="SC618", name="rds-storage-iops-refused",
    title="RDS storage IOPS settings that RDS refuses",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An aws_db_instance / AWS::RDS::DBInstance with io1 or io2 storage and no IOPS, or with gp3 storage "
          "below the engine's provisioning threshold (400 GiB for MySQL, MariaDB, PostgreSQL and Db2, 200 GiB "
          "for Oracle) that sets IOPS or storage throughput.",
    why="Provisioned IOPS volumes need an IOPS value; small gp3 volumes have a fixed baseline and CreateDBInstance "
        "refuses explicit values. Modules that default iops to a number break on small dev databases.",
    error="InvalidParameterCombination: The storage type io1 requires iops to be specified. | "
          "InvalidParameterCombination: You can't specify IOPS or storage throughput for engine mysql and a storage "
          "size less than 400.",
    broken='resource "aws_db_instance" "app" {\n  engine            = "postgres"\n  storage_type      = "gp3"\n'
           '  allocated_storage = 100\n  iops              = 3000\n}',
    fixed='resource "aws_db_instance" "app" {\n  engine            = "postgres"\n  storage_type      = "gp3"\n'
          '  allocated_storage = 100\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html#gp3-storage",
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (Iops, StorageType)",
        "https://github.com/terraform-community-modules/tf_aws_rds/issues/22 (io1 requires iops)",
        "https://github.com/cloudtools/troposphere/pull/2153 (gp3 IOPS below 400 GiB refused)",
        "https://github.com/cloudposse/terraform-aws-rds/pull/176",
    ),
    limits="Read replicas, snapshot restores and Aurora members are skipped; SQL Server gp3 and IOPS-to-storage "
           "ratios are not checked.",
    check=check,
)
