"""SC802: an SQS event source mapping's batch size or batching window that Lambda refuses for that queue type."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_int
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.fields import MAPPING, QUEUE, is_fifo_queue, resolve_typed, source_kind

# CreateEventSourceMapping BatchSize: at most 10,000; for SQS FIFO queues at most 10 (Lambda API reference).
MAX_BATCH = 10_000
MAX_FIFO_BATCH = 10


def _fifo(stack: Stack, mapping: Resource) -> bool | None:
    value = MAPPING.get(mapping, "source")
    queue = resolve_typed(stack, value, QUEUE)
    if queue is not None:
        return is_fifo_queue(queue)
    if isinstance(value, str):
        return value.endswith(".fifo")
    return None


def _problem(stack: Stack, mapping: Resource) -> tuple[str, str, str] | None:
    """(attribute, what is wrong, fix) for one mapping, or None."""
    batch_attr, window_attr = MAPPING.name(mapping, "batch"), MAPPING.name(mapping, "window")
    raw_batch, raw_window = MAPPING.get(mapping, "batch"), MAPPING.get(mapping, "window")
    batch = as_int(raw_batch) if raw_batch is not None else MAX_FIFO_BATCH
    window = as_int(raw_window) if raw_window is not None else 0
    if batch is None or window is None:
        return None
    kind = source_kind(MAPPING.get(mapping, "source"))
    if batch > MAX_BATCH:
        return batch_attr, f"{batch_attr} = {batch} is above the maximum of {MAX_BATCH}", \
            f"set {batch_attr} to {MAX_BATCH} or less"
    if kind != "sqs":
        return None
    fifo = _fifo(stack, mapping)
    if fifo is True and batch > MAX_FIFO_BATCH:
        return batch_attr, f"{batch_attr} = {batch} on a FIFO queue, whose maximum batch size is 10 " \
            '("Maximum batch size must be between 1 and 10 inclusive")', f"set {batch_attr} to 10 or less"
    if fifo is True and window > 0:
        return window_attr, f"{window_attr} = {window} on a FIFO queue: \"Batching window is not supported for " \
            'FIFO queues"', f"remove {window_attr} (FIFO queues take no batching window)"
    if fifo is False and batch > MAX_FIFO_BATCH and window == 0:
        return batch_attr, f"{batch_attr} = {batch} without a batching window: \"Maximum batch window in seconds " \
            'must be greater than 0 if maximum batch size is greater than 10"', \
            f"set {window_attr} to at least 1 (up to 300), or {batch_attr} to 10 or less"
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for mapping in MAPPING.resources(stack):
        found = _problem(stack, mapping)
        if found is None:
            continue
        attr, what, fix = found
        yield RULE.finding(mapping, attr, f"{what}; CreateEventSourceMapping fails with "
                           "InvalidParameterValueException", fix)


RULE = Rule(
    id="SC802", name="sqs-mapping-batching",
    title="Event source mapping batch size or batching window refused for the queue",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A Lambda event source mapping with a batch size above 10,000; on an SQS FIFO queue a batch size above "
          "10 or a batching window; on a standard queue a batch size above 10 without a batching window.",
    why="Lambda's CreateEventSourceMapping validates batch size and batching window against the source: FIFO "
        "queues take at most 10 messages and no window, and a standard queue needs a window of at least one second "
        "to gather more than 10. The provider does not check batch_size, so validate and plan pass.",
    error="InvalidParameterValueException: Maximum batch window in seconds must be greater than 0 if maximum batch "
          "size is greater than 10",
    broken='resource "aws_lambda_event_source_mapping" "orders" {\n'
           '  event_source_arn = aws_sqs_queue.orders.arn\n  function_name    = aws_lambda_function.loader.arn\n'
           '  batch_size       = 100\n}',
    fixed='  batch_size                         = 100\n  maximum_batching_window_in_seconds = 5',
    evidence=(
        "https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html (BatchSize: standard queues "
        "up to 10,000, FIFO queues up to 10; BatchSize above 10 needs MaximumBatchingWindowInSeconds of at least 1)",
        "https://github.com/serverless/serverless/issues/8989",
        "https://github.com/ansible-collections/amazon.aws/issues/1995",
        "https://github.com/aws/aws-lambda-dotnet/pull/1758 (Batching window is not supported for FIFO queues)",
    ),
    limits="A queue that is not a resource of the stack is judged FIFO only from a literal ARN ending in .fifo. "
           "Values not known statically are not compared.",
    check=check,
)
