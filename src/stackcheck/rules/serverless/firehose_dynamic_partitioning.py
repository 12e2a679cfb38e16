"""SC816: a Firehose S3 destination with dynamic partitioning but without what dynamic partitioning requires."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_bool, as_int
from stackcheck.rules.base import Context, FieldMap, Rule

DESTINATION = FieldMap({
    "aws_kinesis_firehose_delivery_stream": {
        "base": "extended_s3_configuration", "enabled": "extended_s3_configuration.dynamic_partitioning_configuration.enabled",
        "size": "extended_s3_configuration.buffering_size", "prefix": "extended_s3_configuration.prefix",
        "error_prefix": "extended_s3_configuration.error_output_prefix"},
    "AWS::KinesisFirehose::DeliveryStream": {
        "base": "ExtendedS3DestinationConfiguration",
        "enabled": "ExtendedS3DestinationConfiguration.DynamicPartitioningConfiguration.Enabled",
        "size": "ExtendedS3DestinationConfiguration.BufferingHints.SizeInMBs",
        "prefix": "ExtendedS3DestinationConfiguration.Prefix",
        "error_prefix": "ExtendedS3DestinationConfiguration.ErrorOutputPrefix"},
})
MIN_SIZE_MB = 64
TF_DEFAULT_SIZE_MB = 5  # the provider sends buffering_size = 5 when it is not set
_KEY_EXPRESSIONS = ("!{partitionKeyFromQuery:", "!{partitionKeyFromLambda:")


def problems(res: Resource) -> Iterator[tuple[str, str, str]]:
    """(attribute, what is wrong, fix) for one delivery stream with dynamic partitioning enabled."""
    size_attr = DESTINATION.name(res, "size")
    size = DESTINATION.get(res, "size")
    if size is None and res.framework == "terraform":
        size = TF_DEFAULT_SIZE_MB
    mb = as_int(size)
    if mb is not None and mb < MIN_SIZE_MB:
        yield (size_attr, f"the buffer size is {mb} MB: InvalidArgumentException: BufferingHints.SizeInMBs must be "
               "at least 64 when Dynamic Partitioning is enabled.", f"set {size_attr.rsplit('.', 1)[-1]} = 64 (or more)")
    prefix = DESTINATION.get(res, "prefix")
    prefix_attr = DESTINATION.name(res, "prefix")
    if prefix is None:
        yield (DESTINATION.name(res, "enabled"), "no S3 prefix is set, and dynamic partitioning delivers into a "
               "prefix built from the partitioning keys, which is required", _prefix_fix(prefix_attr))
    elif isinstance(prefix, str) and not any(e in prefix for e in _KEY_EXPRESSIONS):
        yield (prefix_attr, f'the prefix "{prefix}" uses no partitioning key (!{{partitionKeyFromQuery:KEY}} or '
               "!{partitionKeyFromLambda:KEY}), which a dynamically partitioned stream's prefix must contain",
               _prefix_fix(prefix_attr))
    if DESTINATION.get(res, "error_prefix") is None:
        attr = DESTINATION.name(res, "error_prefix")
        yield (DESTINATION.name(res, "enabled"), "no error output prefix is set, which dynamic partitioning requires",
               f'set {attr.rsplit(".", 1)[-1]} = "errors/!{{firehose:error-output-type}}/"')


def _prefix_fix(attr: str) -> str:
    return f'set {attr.rsplit(".", 1)[-1]} = "data/customer=!{{partitionKeyFromQuery:customer_id}}/"'


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in DESTINATION.resources(stack):
        enabled = DESTINATION.get(res, "enabled")
        if isinstance(enabled, Unknown) or not as_bool(enabled):
            continue
        for attr, why, fix in problems(res):
            yield RULE.finding(res, attr, f"dynamic partitioning is enabled but {why}; the delivery stream is not "
                               "created", fix)


RULE = Rule(
    id="SC816", name="firehose-dynamic-partitioning-requirements",
    title="Firehose dynamic partitioning without its required buffer size or prefixes",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_kinesis_firehose_delivery_stream / AWS::KinesisFirehose::DeliveryStream extended S3 destinations "
          "with dynamic partitioning enabled and a buffer size under 64 MB (Terraform's default is 5), no prefix or "
          "a prefix without a partitionKeyFromQuery/partitionKeyFromLambda expression, or no error output prefix.",
    why="Firehose requires at least 64 MB buffering, an S3 prefix built from the partitioning keys and an error "
        "output prefix whenever dynamic partitioning is enabled. None of these is enforced by the provider's "
        "schema or the CloudFormation schema.",
    error="InvalidArgumentException: BufferingHints.SizeInMBs must be at least 64 when Dynamic Partitioning is "
          "enabled. (and InvalidArgumentException for the prefixes)",
    broken='  extended_s3_configuration {\n    bucket_arn = aws_s3_bucket.lake.arn\n    prefix     = "events/"\n'
           '    dynamic_partitioning_configuration { enabled = true }\n  }',
    fixed='    buffering_size      = 64\n    prefix              = "events/customer=!{partitionKeyFromQuery:customer_id}/"\n'
          '    error_output_prefix = "errors/!{firehose:error-output-type}/"',
    evidence=(
        "https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-s3bucketprefix.html (with dynamic "
        "partitioning you must specify prefixes built from the partitioning keys)",
        "https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning-error-handling.html (you must specify "
        "an S3 error bucket prefix to enable dynamic partitioning)",
        "https://github.com/aws/aws-cdk/pull/35903 (CDK validation: BufferingHints.SizeInMBs must be at least 64 "
        "when Dynamic Partitioning is enabled)",
        "https://github.com/aws/aws-cdk/issues/24044 (stream not deployed: prefix and error prefix not defined for "
        "dynamic partitioning)",
        "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/firehose/delivery_stream.go "
        "(extended_s3_configuration buffering_size: Default 5)",
    ),
    limits="Prefixes built from expressions that cannot be evaluated statically are not judged. In CloudFormation a "
           "missing BufferingHints is not judged (only an explicit SizeInMBs under 64).",
    check=check,
)
