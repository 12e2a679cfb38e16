"""SC806: an SQS queue whose dead-letter queue is of the other type (FIFO vs standard)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import decoded
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.fields import QUEUE, is_fifo_queue, resolve_typed

REDRIVE_TYPES = {"aws_sqs_queue_redrive_policy": ("queue_url", "redrive_policy")}


def _kind(fifo: bool) -> str:
    return "FIFO" if fifo else "standard"


def _dlq_fifo(stack: Stack, target: Any) -> tuple[bool | None, str]:
    dlq = resolve_typed(stack, target, QUEUE)
    if dlq is not None:
        return is_fifo_queue(dlq), dlq.address
    if isinstance(target, str) and target.startswith("arn:"):
        return target.endswith(".fifo"), target
    return None, ""


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    pairs = [(q, QUEUE.name(q, "redrive"), q) for q in QUEUE.resources(stack)]
    for res in stack.of_type(*REDRIVE_TYPES):  # Terraform's separate redrive policy resource
        source = resolve_typed(stack, res.get(REDRIVE_TYPES[res.type][0]), QUEUE)
        if source is not None:
            pairs.append((res, REDRIVE_TYPES[res.type][1], source))
    for res, attr, source in pairs:
        policy = decoded(res.get(attr)) if attr else None
        if not isinstance(policy, dict):
            continue
        dlq_fifo, dlq_name = _dlq_fifo(stack, policy.get("deadLetterTargetArn"))
        source_fifo = is_fifo_queue(source)
        if dlq_fifo is None or source_fifo is None or dlq_fifo == source_fifo:
            continue
        yield RULE.finding(
            res, attr,
            f"the {_kind(source_fifo)} queue {source.address} sends failed messages to the {_kind(dlq_fifo)} queue "
            f"{dlq_name}: SQS refuses the redrive policy (\"Dead-letter queue must be same type of queue as the "
            'source")',
            f"make the dead-letter queue {_kind(source_fifo)} too"
            + (" (fifo_queue = true and a name ending in .fifo)" if source_fifo and res.framework == "terraform"
               else " (FifoQueue: true and a name ending in .fifo)" if source_fifo else ""),
        )


RULE = Rule(
    id="SC806", name="sqs-dlq-type-mismatch",
    title="SQS dead-letter queue type differs from its source queue",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An SQS queue (or aws_sqs_queue_redrive_policy) whose redrive policy names a dead-letter queue of the "
          "other type: a standard DLQ for a FIFO queue or a FIFO DLQ for a standard queue.",
    why="SQS requires the dead-letter queue of a FIFO queue to be FIFO and that of a standard queue to be standard. "
        "The redrive policy is a JSON string to the provider, so the mismatch shows only when SetQueueAttributes "
        "or CreateQueue runs.",
    error="InvalidParameterValue: Value {\"deadLetterTargetArn\":\"arn:aws:sqs:...:orders-dlq\",\"maxReceiveCount\":5} "
          "for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source.",
    broken='resource "aws_sqs_queue" "orders" {\n  name = "orders.fifo"\n  fifo_queue = true\n'
           '  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn, maxReceiveCount = 5 })\n}'
           '\nresource "aws_sqs_queue" "orders_dlq" { name = "orders-dlq" }',
    fixed='resource "aws_sqs_queue" "orders_dlq" {\n  name       = "orders-dlq.fifo"\n  fifo_queue = true\n}',
    evidence=(
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html "
        "(the dead-letter queue of a FIFO queue must also be a FIFO queue)",
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html "
        "(RedrivePolicy: the dead-letter queue of a FIFO queue must also be a FIFO queue; of a standard queue, "
        "a standard queue)",
    ),
    limits="A dead-letter queue outside the stack is judged only from a literal ARN (ending in .fifo or not).",
    check=check,
)
