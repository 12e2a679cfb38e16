"""SC904: a data store whose storage is not encrypted at rest."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_bool
from stackcheck.rules.base import Context, FieldMap, Rule

# "flag": the attribute that turns encryption on; "on": the value meaning encrypted.
FIELDS = FieldMap({
    "aws_db_instance": {"flag": "storage_encrypted", "cluster": "cluster_identifier"},
    "aws_rds_cluster": {"flag": "storage_encrypted", "mode": "engine_mode"},
    "aws_efs_file_system": {"flag": "encrypted"},
    "aws_kinesis_stream": {"flag": "encryption_type"},
    "AWS::RDS::DBInstance": {"flag": "StorageEncrypted", "cluster": "DBClusterIdentifier"},
    "AWS::RDS::DBCluster": {"flag": "StorageEncrypted", "mode": "EngineMode"},
    "AWS::EFS::FileSystem": {"flag": "Encrypted"},
    "AWS::Kinesis::Stream": {"flag": "StreamEncryption"},
})


def _encrypted(res: Resource, value: object) -> bool | None:
    """True/False when known; None when it cannot be known statically."""
    if isinstance(value, Unknown):
        return None
    if res.type == "aws_kinesis_stream":
        return value is not None and str(value).upper() == "KMS"
    if res.type == "AWS::Kinesis::Stream":
        return value is not None  # StreamEncryption: {EncryptionType: KMS, KeyId: ...}
    if value is None:
        return False  # every flag here defaults to unencrypted in the API
    return as_bool(value)


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in FIELDS.resources(stack):
        if FIELDS.has_field(res, "cluster") and FIELDS.get(res, "cluster") is not None:
            continue  # an Aurora instance: encryption is the cluster's
        if FIELDS.has_field(res, "mode") and str(FIELDS.get(res, "mode", "")).lower() == "serverless":
            continue  # Aurora Serverless v1 is always encrypted
        attr = FIELDS.name(res, "flag")
        value = res.get(attr)
        if _encrypted(res, value) is not False:
            continue
        kinesis = res.type in ("aws_kinesis_stream", "AWS::Kinesis::Stream")
        fix = ('set encryption_type = "KMS" with kms_key_id' if res.type == "aws_kinesis_stream" else
               "add StreamEncryption: {EncryptionType: KMS, KeyId: <key>}" if kinesis else
               f"set {attr} = true (with a customer-managed key where the profile asks for one); on an existing "
               "database or file system this means a replacement: snapshot, restore encrypted, switch over")
        yield RULE.finding(res, attr if value is not None else None,
                           f"{res.type} stores its data unencrypted at rest"
                           + (" (the API's default when the setting is left out)" if value is None else ""),
                           fix)


RULE = Rule(
    id="SC904", name="storage-not-encrypted",
    title="Data store not encrypted at rest",
    severity="medium", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="RDS instances and Aurora clusters without storage encryption, EFS file systems without encryption, "
          "and Kinesis streams without server-side encryption (each of these defaults to unencrypted).",
    why="Requirement profile: encryption at rest. RDS and EFS encryption can only be chosen at creation: turning "
        "it on later replaces the database or file system, so it belongs in the first deploy.",
    error="",
    broken="Database:\n  Type: AWS::RDS::DBCluster\n  Properties:\n    Engine: aurora-postgresql",
    fixed="    StorageEncrypted: true\n    KmsKeyId: !GetAtt DataKey.Arn",
    evidence=("https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html "
              "(StorageEncrypted)",
              "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html "
              "(you can only encrypt a DB instance when you create it)",
              "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
              "https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html"),
    limits="ElastiCache is SC105; DynamoDB, S3 (since January 2023) and SQS (SSE-SQS) encrypt by default and are "
           "not reported. Redshift is left out: its default changed in 2025.",
    check=check,
)
