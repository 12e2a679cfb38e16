"""SC104: a data store encrypted with an AWS-managed key (or not at all) instead of a customer-managed key."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown
from stackcheck.rules.base import Context, Rule

# (resource type, attribute holding the key, extra condition description)
STORES = {
    "aws_rds_cluster": "kms_key_id", "AWS::RDS::DBCluster": "KmsKeyId",
    "aws_db_instance": "kms_key_id", "AWS::RDS::DBInstance": "KmsKeyId",
    "aws_efs_file_system": "kms_key_id", "AWS::EFS::FileSystem": "KmsKeyId",
    "aws_secretsmanager_secret": "kms_key_id", "AWS::SecretsManager::Secret": "KmsKeyId",
    "aws_kinesis_stream": "kms_key_id", "AWS::Kinesis::Stream": "StreamEncryption.KeyId",
    "aws_elasticache_replication_group": "kms_key_id", "AWS::ElastiCache::ReplicationGroup": "KmsKeyId",
    "aws_sqs_queue": "kms_master_key_id", "aws_sns_topic": "kms_master_key_id",
    "AWS::SQS::Queue": "KmsMasterKeyId", "AWS::SNS::Topic": "KmsMasterKeyId",
    "aws_dynamodb_table": "server_side_encryption.kms_key_arn",
    "AWS::DynamoDB::Table": "SSESpecification.KMSMasterKeyId",
}
# The aws_kinesis_stream "StreamEncryption" block is the reported attribute when the key is missing.
REPORT_AS = {"AWS::Kinesis::Stream": "StreamEncryption"}


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in stack.of_type(*STORES):
        if res.get("cluster_identifier" if res.framework == "terraform" else "DBClusterIdentifier") is not None \
                and res.type in ("aws_db_instance", "AWS::RDS::DBInstance"):
            continue  # an Aurora member instance: the cluster holds the encryption settings
        attr = STORES[res.type]
        value = res.get(attr)
        if isinstance(value, Unknown):
            target = stack.resolve(value)
            if target is not None or value.target_type is None:
                continue  # a key from the stack, or one from outside: customer-managed or unknowable
        if isinstance(value, str) and not value.startswith("alias/aws/"):
            continue
        shown = f"the AWS-managed key {value}" if isinstance(value, str) else "an AWS-managed key or none"
        report = REPORT_AS.get(res.type, attr)
        yield RULE.finding(
            res, report,
            f"{res.type} is encrypted with {shown} ({attr} is {'set to it' if value else 'not set'}), not a "
            "customer-managed KMS key: key policy, rotation and revocation are not under the stack owner's control",
            f"create an aws_kms_key / AWS::KMS::Key with rotation and set {attr} to it",
        )


RULE = Rule(
    id="SC104", name="data-store-without-cmk",
    title="Data store not encrypted with a customer-managed KMS key",
    severity="medium", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="RDS/Aurora, EFS, Secrets Manager, Kinesis, ElastiCache, SQS, SNS and DynamoDB resources with no KMS "
          "key, or with an alias/aws/* AWS-managed key.",
    why="Requirement profile: data at rest is encrypted with customer-managed keys that rotate.",
    error="",
    broken="IngestStream:\n  Type: AWS::Kinesis::Stream\n  Properties:\n    ShardCount: 1",
    fixed="    StreamEncryption:\n      EncryptionType: KMS\n      KeyId: !Ref KinesisKey",
    evidence=("https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-cmk",
              "https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-using-cmk.html"),
    check=check,
    origin="seed",
)
