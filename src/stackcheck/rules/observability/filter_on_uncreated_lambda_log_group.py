"""SC851: a metric or subscription filter on a Lambda function's default log group that nothing creates."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, pieces
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.serverless.fields import FUNCTION, functions_by_name

FILTER = FieldMap({
    "aws_cloudwatch_log_metric_filter": {"group": "log_group_name"},
    "aws_cloudwatch_log_subscription_filter": {"group": "log_group_name"},
    "AWS::Logs::MetricFilter": {"group": "LogGroupName"},
    "AWS::Logs::SubscriptionFilter": {"group": "LogGroupName"},
})
GROUP = FieldMap({"aws_cloudwatch_log_group": {"name": "name"}, "AWS::Logs::LogGroup": {"name": "LogGroupName"}})
PREFIX = "/aws/lambda/"


def _lambda_of(stack: Stack, value: Any, by_name: dict[str, Resource]) -> Resource | None:
    """The stack function whose default log group `value` names: "/aws/lambda/<name>" written literally or as
    a template around a reference to the function."""
    if isinstance(value, str):
        return by_name.get(value[len(PREFIX):]) if value.startswith(PREFIX) else None
    parts = tuple(p for p in pieces(value) if p != "")
    if len(parts) == 2 and parts[0] == PREFIX and isinstance(parts[1], Unknown):
        target = stack.resolve(parts[1])
        if target is not None and target.type in FUNCTION.types and parts[1].attr in (
                "function_name", "id", "Ref", None):
            return target
    return None


def _groups(stack: Stack, by_name: dict[str, Resource]) -> tuple[set[str], bool]:
    """Addresses of functions whose default log group the stack creates or reads; True when some log group's
    name cannot be placed (then the rule stays silent)."""
    covered: set[str] = set()
    unplaced = False
    for group in [*GROUP.resources(stack), *[d for d in stack.data_sources if d.type in GROUP.types]]:
        name = GROUP.get(group, "name")
        fn = _lambda_of(stack, name, by_name)
        if fn is not None:
            covered.add(fn.address)
        elif not isinstance(name, str):
            unplaced = True
    return covered, unplaced


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    filters = FILTER.resources(stack)
    if not filters:
        return
    by_name = functions_by_name(stack)
    covered, unplaced = _groups(stack, by_name)
    if unplaced:
        return
    for flt in filters:
        value = FILTER.get(flt, "group")
        fn = _lambda_of(stack, value, by_name)
        if fn is None or fn.address in covered:
            continue
        attr = FILTER.name(flt, "group")
        kind = "metric" if "metric" in flt.type.lower() else "subscription"
        group_type = "aws_cloudwatch_log_group" if flt.framework == "terraform" else "AWS::Logs::LogGroup"
        yield RULE.finding(
            flt, attr,
            f'this {kind} filter targets "{value}", the default log group of function {fn.address}, which Lambda '
            "creates only at the function's first invocation and this stack does not create: on a first deploy "
            'the filter fails with "ResourceNotFoundException: The specified log group does not exist."',
            f"create the log group in the stack ({group_type} named {PREFIX}<function name>, which also lets you "
            "set its retention) and point the filter at that resource",
        )


RULE = Rule(
    id="SC851", name="filter-on-uncreated-lambda-log-group",
    title="Log filter on a Lambda log group that does not exist yet",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A CloudWatch Logs metric filter or subscription filter whose log group is /aws/lambda/<name> of a "
          "function created in the same stack, while the stack creates no log group of that name.",
    why="Lambda creates /aws/lambda/<function> lazily, when the function first writes logs. A filter created in "
        "the same deployment as the function points at a log group that does not exist yet, and "
        "PutMetricFilter / PutSubscriptionFilter fail.",
    error="ResourceNotFoundException: The specified log group does not exist.",
    broken='resource "aws_cloudwatch_log_metric_filter" "errors" {\n'
           '  log_group_name = "/aws/lambda/${aws_lambda_function.worker.function_name}"\n  ...\n}',
    fixed='resource "aws_cloudwatch_log_group" "worker" {\n'
          '  name              = "/aws/lambda/${aws_lambda_function.worker.function_name}"\n'
          '  retention_in_days = 30\n}\n'
          'resource "aws_cloudwatch_log_metric_filter" "errors" {\n'
          '  log_group_name = aws_cloudwatch_log_group.worker.name\n  ...\n}',
    evidence=(
        "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html (Lambda creates the log group "
        "/aws/lambda/<function name> when the function sends logs)",
        "https://github.com/gilt/s3-sftp-bridge/issues/2",
        "https://github.com/govuk-one-login/authentication-api/pull/367",
        "https://github.com/aws/aws-cdk/issues/3838",
    ),
    limits="Only Lambda default log groups of functions in the same stack; other literal log group names may "
           "exist outside the stack and are not judged. A stack whose log group names cannot be read is skipped.",
    check=check,
)
