"""What kind of value a Terraform reference yields: `aws_kms_key.x.id` is a key ID, `.arn` an ARN.

`arn` and `*_arn` attributes are ARNs for every resource type. What `id` holds differs by
resource type; the table below lists the types whose `id` the rules rely on, each as the
provider documents it in the resource's "Attribute Reference" (registry.terraform.io/providers/
hashicorp/aws/5.100.0/docs/resources/<type>). A type not listed has an `id` of unknown kind,
which no rule treats as a violation.
"""

from __future__ import annotations

from stackcheck.model.values import ARN, ID, KMS_KEY_ID, NAME

ID_KIND: dict[str, str] = {
    "aws_kms_key": KMS_KEY_ID,  # "id - The globally unique identifier for the key."
    "aws_kms_replica_key": KMS_KEY_ID,
    "aws_kms_alias": NAME,  # id is the alias name, "alias/..."
    "aws_lb": ARN, "aws_alb": ARN,  # "id - ARN of the load balancer"
    "aws_lb_listener": ARN, "aws_alb_listener": ARN,
    "aws_lb_target_group": ARN, "aws_alb_target_group": ARN,
    "aws_secretsmanager_secret": ARN,  # "id - ARN of the secret"
    "aws_sns_topic": ARN,
    "aws_iam_policy": ARN,
    "aws_ecs_cluster": ARN,
    "aws_ecs_service": ARN,
    "aws_kinesis_stream": ARN,
    "aws_cloudwatch_log_group": NAME,
    "aws_iam_role": NAME,
    "aws_s3_bucket": NAME,
    "aws_ecr_repository": NAME,
    "aws_lambda_function": NAME,
    "aws_rds_cluster": ID,
    "aws_efs_file_system": ID,
    "aws_service_discovery_service": ID,
}

KEY_ID_ATTRS = {("aws_kms_key", "key_id"), ("aws_kms_replica_key", "key_id"),
                ("aws_kms_alias", "target_key_id")}


def kind_of(resource_type: str, attr: str | None) -> str | None:
    if attr is None:
        return None
    if attr == "arn" or attr.endswith("_arn"):
        return ARN
    if (resource_type, attr) in KEY_ID_ATTRS:
        return KMS_KEY_ID
    if attr == "id":
        return ID_KIND.get(resource_type)
    if attr == "name":
        return NAME
    return None
