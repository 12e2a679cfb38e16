"""Lambda, SQS, SNS and Kinesis field names per framework, and the facts several rules derive from them."""

from __future__ import annotations

from typing import Any

from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_bool, as_int
from stackcheck.rules.base import FieldMap

FUNCTION = FieldMap({
    "aws_lambda_function": {"name": "function_name", "runtime": "runtime", "handler": "handler",
                            "timeout": "timeout", "package": "package_type", "layers": "layers",
                            "image": "image_uri", "env": "environment.variables"},
    "AWS::Lambda::Function": {"name": "FunctionName", "runtime": "Runtime", "handler": "Handler",
                              "timeout": "Timeout", "package": "PackageType", "layers": "Layers",
                              "image": "Code.ImageUri", "env": "Environment.Variables"},
})
QUEUE = FieldMap({
    "aws_sqs_queue": {"name": "name", "prefix": "name_prefix", "fifo": "fifo_queue",
                      "visibility": "visibility_timeout_seconds", "redrive": "redrive_policy",
                      "policy": "policy"},
    "AWS::SQS::Queue": {"name": "QueueName", "fifo": "FifoQueue", "visibility": "VisibilityTimeout",
                        "redrive": "RedrivePolicy"},
})
MAPPING = FieldMap({
    "aws_lambda_event_source_mapping": {"source": "event_source_arn", "function": "function_name",
                                        "batch": "batch_size", "window": "maximum_batching_window_in_seconds",
                                        "position": "starting_position"},
    "AWS::Lambda::EventSourceMapping": {"source": "EventSourceArn", "function": "FunctionName",
                                        "batch": "BatchSize", "window": "MaximumBatchingWindowInSeconds",
                                        "position": "StartingPosition"},
})
TOPIC = FieldMap({
    "aws_sns_topic": {"name": "name", "fifo": "fifo_topic"},
    "AWS::SNS::Topic": {"name": "TopicName", "fifo": "FifoTopic"},
})
SUBSCRIPTION = FieldMap({
    "aws_sns_topic_subscription": {"topic": "topic_arn", "protocol": "protocol", "endpoint": "endpoint"},
    "AWS::SNS::Subscription": {"topic": "TopicArn", "protocol": "Protocol", "endpoint": "Endpoint"},
})
QUEUE_POLICY_TYPES = ("aws_sqs_queue_policy", "AWS::SQS::QueuePolicy")

# Defaults the APIs apply when the field is absent (CreateFunction Timeout; CreateQueue VisibilityTimeout).
DEFAULT_FUNCTION_TIMEOUT = 3
DEFAULT_VISIBILITY_TIMEOUT = 30

# Event source kinds, by the resource type an ARN comes from and by the service in a literal ARN.
_SOURCE_TYPES = {
    "aws_sqs_queue": "sqs", "AWS::SQS::Queue": "sqs",
    "aws_kinesis_stream": "kinesis", "AWS::Kinesis::Stream": "kinesis",
    "aws_kinesis_stream_consumer": "kinesis", "AWS::Kinesis::StreamConsumer": "kinesis",
    "aws_dynamodb_table": "dynamodb", "AWS::DynamoDB::Table": "dynamodb",
    "aws_msk_cluster": "kafka", "AWS::MSK::Cluster": "kafka",
    "aws_msk_serverless_cluster": "kafka", "AWS::MSK::ServerlessCluster": "kafka",
    "aws_mq_broker": "mq", "AWS::AmazonMQ::Broker": "mq",
}
_ARN_SERVICES = {"sqs": "sqs", "kinesis": "kinesis", "dynamodb": "dynamodb", "kafka": "kafka", "mq": "mq"}
STREAM_KINDS = ("kinesis", "dynamodb", "kafka")


def source_kind(value: Any) -> str | None:
    """"sqs", "kinesis", "dynamodb", "kafka" or "mq" for an event source ARN, None when unknown."""
    if isinstance(value, Unknown):
        if value.target_type in _SOURCE_TYPES:
            return _SOURCE_TYPES[value.target_type]
        if value.parts:  # an ARN built from a template: its literal service part
            value = value.known_text()
        else:
            return None
    if isinstance(value, str) and value.startswith("arn:"):
        parts = value.split(":")
        return _ARN_SERVICES.get(parts[2]) if len(parts) > 2 else None
    return None


def is_fifo_queue(queue: Resource) -> bool | None:
    """Whether a queue is FIFO: the FifoQueue flag (default false); None when not known statically."""
    flag = QUEUE.get(queue, "fifo")
    if flag is None:
        return False
    return as_bool(flag)


def is_fifo_topic(topic: Resource) -> bool | None:
    flag = TOPIC.get(topic, "fifo")
    if flag is None:
        return False
    return as_bool(flag)


def function_timeout(fn: Resource) -> int | None:
    value = FUNCTION.get(fn, "timeout")
    return DEFAULT_FUNCTION_TIMEOUT if value is None else as_int(value)


def visibility_timeout(queue: Resource) -> int | None:
    value = QUEUE.get(queue, "visibility")
    return DEFAULT_VISIBILITY_TIMEOUT if value is None else as_int(value)


def resolve_typed(stack: Stack, value: Any, field_map: FieldMap) -> Resource | None:
    """The stack resource of one of the map's types that `value` refers to."""
    target = stack.resolve(value)
    return target if target is not None and target.type in field_map.types else None


def functions_by_name(stack: Stack) -> dict[str, Resource]:
    """Functions by their literal name: built once per check, for mappings that name a function."""
    out: dict[str, Resource] = {}
    for fn in FUNCTION.resources(stack):
        name = FUNCTION.get(fn, "name")
        if isinstance(name, str):
            out[name] = fn
    return out


def mapping_function(stack: Stack, mapping: Resource, by_name: dict[str, Resource]) -> Resource | None:
    """The function an event source mapping invokes, when it is in the stack."""
    value = MAPPING.get(mapping, "function")
    fn = resolve_typed(stack, value, FUNCTION)
    if fn is None and isinstance(value, str) and ":" not in value:
        fn = by_name.get(value)
    return fn
