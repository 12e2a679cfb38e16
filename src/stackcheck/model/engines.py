"""Database engine facts the data-store rules need, with the source of each entry.

Hand-written because no machine-readable source carries them (botocore's RDS model has no per-engine storage
limits); keep every entry cited.
"""

from __future__ import annotations

# gp3 storage: below this allocated storage (GiB) the baseline of 3,000 IOPS / 125 MiBps applies and IOPS or
# throughput cannot be provisioned ("You can't specify IOPS or storage throughput for engine X and a storage size
# less than N"). Source: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html#gp3-storage
# (table "Provisioned IOPS and storage throughput ... by database engine"). SQL Server is not listed: it can
# provision gp3 performance at any size.
GP3_PROVISIONING_THRESHOLD_GIB: dict[str, int] = {
    "db2": 400,  # Db2: 400 GiB
    "mariadb": 400,  # MariaDB: 400 GiB
    "mysql": 400,  # MySQL: 400 GiB
    "postgres": 400,  # PostgreSQL: 400 GiB
    "oracle": 200,  # Oracle: 200 GiB
}

# Storage types that need a Provisioned IOPS value. Source: API_CreateDBInstance (StorageType: "If you specify
# io1, io2, or gp3, you must also include a value for the Iops parameter" - gp3 only above the threshold above).
PROVISIONED_IOPS_TYPES = ("io1", "io2")


def engine_family(engine: str) -> str | None:
    """The family of an RDS engine name: oracle-ee -> oracle, db2-se -> db2, aurora-* -> None (cluster storage)."""
    engine = engine.lower()
    if engine.startswith("aurora"):
        return None
    for family in ("oracle", "db2", "sqlserver", "mariadb", "mysql", "postgres"):
        if engine.startswith(family):
            return family
    return None
