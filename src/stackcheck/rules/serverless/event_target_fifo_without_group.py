"""SC819: an EventBridge target that is a FIFO queue without a message group ID."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_list
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.fields import QUEUE, is_fifo_queue, resolve_typed


def _targets(stack: Stack) -> Iterator[tuple[Resource, str, Any, Any, str]]:
    """(holder, arn attribute, arn, message group id, target id) of every rule target."""
    for target in stack.of_type("aws_cloudwatch_event_target"):
        yield (target, "arn", target.get("arn"), target.get("sqs_target.message_group_id"),
               str(target.get("target_id") or target.name))
    for rule in stack.of_type("AWS::Events::Rule"):
        for i, spec in enumerate(as_list(rule.get("Targets"))):
            if isinstance(spec, dict):
                group = spec.get("SqsParameters", {}).get("MessageGroupId") \
                    if isinstance(spec.get("SqsParameters"), dict) else None
                yield rule, f"Targets.{i}.Arn", spec.get("Arn"), group, str(spec.get("Id"))


def _fifo(stack: Stack, arn: Any) -> tuple[bool, str] | None:
    queue = resolve_typed(stack, arn, QUEUE)
    if queue is not None:
        return (bool(is_fifo_queue(queue)), queue.address)
    if isinstance(arn, str) and arn.startswith("arn:") and ":sqs:" in arn:
        return (arn.endswith(".fifo"), arn)
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for holder, attr, arn, group, target_id in _targets(stack):
        fifo = _fifo(stack, arn)
        if fifo is None or not fifo[0] or group is not None:
            continue
        tf = holder.framework == "terraform"
        yield RULE.finding(
            holder, attr,
            f"the target is the FIFO queue {fifo[1]} and sets no message group ID: PutTargets fails with "
            f"ValidationException: Parameter(s) SqsParameters must be specified for target: {target_id}.",
            'add sqs_target { message_group_id = "..." }' if tf else "add SqsParameters: {MessageGroupId: ...} to the target",
        )


RULE = Rule(
    id="SC819", name="event-target-fifo-queue-without-group",
    title="EventBridge target FIFO queue without a message group ID",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_cloudwatch_event_target / AWS::Events::Rule targets whose ARN is an SQS FIFO queue (fifo_queue / "
          "FifoQueue true, or an ARN ending .fifo) and that set no sqs_target.message_group_id / "
          "SqsParameters.MessageGroupId.",
    why="Messages sent to a FIFO queue need a message group ID, so EventBridge requires SqsParameters for FIFO queue "
        "targets and refuses the target without it; neither schema can tell that the queue is FIFO.",
    error="ValidationException: Parameter(s) SqsParameters must be specified for target: TARGET_ID.",
    broken='resource "aws_cloudwatch_event_target" "orders" {\n  rule = aws_cloudwatch_event_rule.orders.name\n'
           '  arn  = aws_sqs_queue.orders.arn  # fifo_queue = true\n}',
    fixed='  sqs_target {\n    message_group_id = "orders"\n  }',
    evidence=(
        "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_SqsParameters.html (the FIFO message group "
        "ID to use as the target)",
        "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html (FIFO queues: specify a message "
        "group ID)",
        "https://github.com/getmoto/moto/blob/master/tests/test_events/test_events.py (reproduces AWS: Parameter(s) "
        "SqsParameters must be specified for target: sqs-fifo.)",
    ),
    limits="Only queues of the stack or literal queue ARNs are judged.",
    check=check,
)
