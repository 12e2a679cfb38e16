"""SC808: an SNS subscription that the topic's type (FIFO or standard) does not accept."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.fields import (
    QUEUE,
    SUBSCRIPTION,
    TOPIC,
    is_fifo_queue,
    is_fifo_topic,
    resolve_typed,
)


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for sub in SUBSCRIPTION.resources(stack):
        topic = resolve_typed(stack, SUBSCRIPTION.get(sub, "topic"), TOPIC)
        protocol = SUBSCRIPTION.get(sub, "protocol")
        if topic is None or not isinstance(protocol, str):
            continue
        topic_fifo = is_fifo_topic(topic)
        endpoint = SUBSCRIPTION.get(sub, "endpoint")
        proto_attr, end_attr = SUBSCRIPTION.name(sub, "protocol"), SUBSCRIPTION.name(sub, "endpoint")
        if topic_fifo is True and protocol.lower() != "sqs":
            yield RULE.finding(
                sub, proto_attr,
                f'protocol "{protocol}" on the FIFO topic {topic.address}: FIFO topics deliver only to SQS queues, '
                f'and Subscribe fails with "Invalid parameter: Invalid protocol type: {protocol}"',
                "subscribe an SQS queue to the FIFO topic and let that queue trigger the consumer (e.g. a Lambda "
                "event source mapping), or use a standard topic",
            )
        elif topic_fifo is False and protocol.lower() == "sqs":
            queue = resolve_typed(stack, endpoint, QUEUE)
            queue_fifo = is_fifo_queue(queue) if queue is not None else (
                endpoint.endswith(".fifo") if isinstance(endpoint, str) and endpoint.startswith("arn:") else None)
            if queue_fifo is not True:
                continue
            name = queue.address if queue is not None else endpoint
            yield RULE.finding(
                sub, end_attr,
                f"the FIFO queue {name} is subscribed to the standard topic {topic.address}: Subscribe fails with "
                '"Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics"',
                "make the topic FIFO (its name ending in .fifo), or subscribe a standard queue",
            )


RULE = Rule(
    id="SC808", name="sns-subscription-topic-type",
    title="SNS subscription not accepted by the topic type",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A subscription of a FIFO SQS queue to a standard SNS topic, or a subscription with a protocol other "
          "than sqs (lambda, email, https, ...) to a FIFO topic.",
    why="A FIFO topic delivers only to SQS queues (standard or FIFO, since September 2023), and a FIFO queue can "
        "only be subscribed to a FIFO topic. Neither the provider nor CloudFormation compares the two resources.",
    error="InvalidParameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard "
          "SNS topics",
    broken='resource "aws_sns_topic" "orders" { name = "orders" }\n'
           'resource "aws_sqs_queue" "billing" {\n  name = "billing.fifo"\n  fifo_queue = true\n}\n'
           'resource "aws_sns_topic_subscription" "billing" {\n  topic_arn = aws_sns_topic.orders.arn\n'
           '  protocol  = "sqs"\n  endpoint  = aws_sqs_queue.billing.arn\n}',
    fixed='resource "aws_sns_topic" "orders" {\n  name       = "orders.fifo"\n  fifo_topic = true\n}',
    evidence=(
        "https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html (FIFO topics deliver to SQS standard "
        "and FIFO queues only)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/38441 (Invalid protocol type on a FIFO topic)",
        "https://github.com/getmoto/moto/pull/8957 (AWS-validated: standard topic to FIFO queue refused)",
    ),
    limits="A topic outside the stack is not judged; a queue outside the stack only from a literal ARN.",
    check=check,
)
