"""SC803: an event source mapping's starting position missing for a stream, or given for an SQS queue."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.fields import MAPPING, STREAM_KINDS, source_kind

_SELF_MANAGED = {"aws_lambda_event_source_mapping": "self_managed_event_source",
                 "AWS::Lambda::EventSourceMapping": "SelfManagedEventSource"}


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for mapping in MAPPING.resources(stack):
        attr = MAPPING.name(mapping, "position")
        position = MAPPING.get(mapping, "position")
        kind = source_kind(MAPPING.get(mapping, "source"))
        if kind is None and mapping.get(_SELF_MANAGED[mapping.type]) is not None:
            kind = "kafka"  # self-managed Apache Kafka needs a starting position too
        if kind == "sqs" and position is not None:
            yield RULE.finding(
                mapping, attr,
                f'{attr} = "{position}" on an SQS event source: CreateEventSourceMapping fails with '
                '"StartingPosition is not valid for SQS event sources"',
                f"remove {attr} (queues are read from their head; it applies to Kinesis, DynamoDB Streams and Kafka)",
            )
        elif kind in STREAM_KINDS and position is None:
            yield RULE.finding(
                mapping, MAPPING.name(mapping, "source"),
                f"this mapping reads a {kind} stream but sets no {attr}: Lambda requires one for Kinesis, "
                "DynamoDB Streams and Kafka sources, and CreateEventSourceMapping fails with "
                "InvalidParameterValueException",
                f'set {attr} = "LATEST" (or "TRIM_HORIZON" to read from the oldest record)',
            )


RULE = Rule(
    id="SC803", name="mapping-starting-position",
    title="Event source mapping starting position missing for a stream or given for a queue",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A Lambda event source mapping with a starting position on an SQS queue, or without one on a Kinesis "
          "stream, a DynamoDB stream, or an MSK / self-managed Kafka source.",
    why="StartingPosition is required for stream sources and refused for SQS by the Lambda API; the provider "
        "and the CloudFormation schema both leave it optional, so the stack validates and fails when the mapping "
        "is created.",
    error="InvalidParameterValueException: StartingPosition is not valid for SQS event sources.",
    broken='resource "aws_lambda_event_source_mapping" "clicks" {\n'
           '  event_source_arn = aws_kinesis_stream.clicks.arn\n  function_name    = aws_lambda_function.agg.arn\n}',
    fixed='  starting_position = "LATEST"',
    evidence=(
        "https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html (StartingPosition: "
        "required for Kinesis, DynamoDB Streams, Amazon MSK and self-managed Apache Kafka)",
        "https://github.com/boto/boto3/issues/1613",
        "https://github.com/motdotla/node-lambda/issues/466",
        "https://github.com/localstack/localstack/pull/7696 (validation reproduced from AWS)",
    ),
    limits="The source kind is read from the referenced resource type or a literal ARN; a source given by a "
           "variable without default is skipped.",
    check=check,
)
