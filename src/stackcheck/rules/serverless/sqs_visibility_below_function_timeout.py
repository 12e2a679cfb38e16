"""SC801: an SQS event source mapping whose queue's visibility timeout is shorter than the function timeout."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.fields import (
    FUNCTION,
    MAPPING,
    QUEUE,
    function_timeout,
    functions_by_name,
    mapping_function,
    resolve_typed,
    visibility_timeout,
)


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    by_name = functions_by_name(stack)
    for mapping in MAPPING.resources(stack):
        queue = resolve_typed(stack, MAPPING.get(mapping, "source"), QUEUE)
        fn = mapping_function(stack, mapping, by_name)
        if queue is None or fn is None:
            continue
        vis, timeout = visibility_timeout(queue), function_timeout(fn)
        if vis is None or timeout is None or vis >= timeout:
            continue
        vis_attr, fn_attr = QUEUE.name(queue, "visibility"), FUNCTION.name(fn, "timeout")
        said = "" if QUEUE.get(queue, "visibility") is not None else " (the default)"
        yield RULE.finding(
            mapping, MAPPING.name(mapping, "source"),
            f"queue {queue.address} has a visibility timeout of {vis} seconds{said}, less than the {timeout}-second "
            f"timeout of function {fn.address}: CreateEventSourceMapping fails with \"Queue visibility timeout: "
            f'{vis} seconds is less than Function timeout: {timeout} seconds"',
            f"set {vis_attr} on {queue.address} to at least {timeout} (AWS recommends six times the function "
            f"timeout, {6 * timeout}), or lower {fn_attr} on {fn.address}",
        )


RULE = Rule(
    id="SC801", name="sqs-visibility-below-function-timeout",
    title="SQS visibility timeout shorter than the Lambda function timeout",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A Lambda event source mapping reading an SQS queue of this stack whose visibility timeout (default 30 s) "
          "is less than the timeout of the function (default 3 s) the mapping invokes.",
    why="Lambda refuses an SQS trigger when a message could become visible again while the function still "
        "processes it. Neither `terraform validate` nor plan compare the two resources; apply fails.",
    error="InvalidParameterValueException: Queue visibility timeout: 30 seconds is less than Function timeout: "
          "60 seconds",
    broken='resource "aws_sqs_queue" "jobs" { name = "jobs" }          # 30 s by default\n'
           'resource "aws_lambda_function" "worker" { timeout = 60 ... }\n'
           'resource "aws_lambda_event_source_mapping" "jobs" {\n'
           '  event_source_arn = aws_sqs_queue.jobs.arn\n  function_name    = aws_lambda_function.worker.arn\n}',
    fixed='resource "aws_sqs_queue" "jobs" {\n  name                       = "jobs"\n'
          '  visibility_timeout_seconds = 360\n}',
    evidence=(
        "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html (visibility timeout at least the "
        "function timeout; six times recommended)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/18099",
        "https://github.com/github-aws-runners/terraform-aws-github-runner/issues/465",
        "https://github.com/winglang/wing/issues/1507",
    ),
    limits="Only mappings whose queue and function are both resources of the stack; a timeout that is not known "
           "statically is not compared. Mappings to an alias or version are not followed.",
    check=check,
)
