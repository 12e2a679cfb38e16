"""SC821: an EventBridge event pattern whose match values are not non-empty arrays."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import ARN, ID, NAME, Unknown, decoded, text
from stackcheck.rules.base import Context, FieldMap, Rule

_SCALAR_KINDS = (ARN, ID, NAME)
_SCALAR_ATTRS = ("arn", "id", "name", "bucket", "function_name", "Arn", "Ref")


def _scalar(value: Any) -> bool:
    """A value certainly not a list: a literal, a string template, or a resource's ARN/ID/name."""
    if not isinstance(value, Unknown):
        return not isinstance(value, list | dict)
    if value.parts or value.kind in _SCALAR_KINDS:
        return True
    return value.target_type is not None and value.attr in _SCALAR_ATTRS


EVENT_RULE = FieldMap({
    "aws_cloudwatch_event_rule": {"pattern": "event_pattern"},
    "AWS::Events::Rule": {"pattern": "EventPattern"},
})


def problems(pattern: Any, path: str = "") -> Iterator[str]:
    """Why a pattern (or one of its nested objects) is refused: each leaf must be a non-empty array."""
    if not isinstance(pattern, dict):
        return
    for key, value in pattern.items():
        where = f"{path}.{key}" if path else str(key)
        if key == "$or":
            for branch in value if isinstance(value, list) else []:
                yield from problems(branch, path)
        elif isinstance(value, dict):
            yield from problems(value, where)
        elif isinstance(value, list):
            if not value:
                yield f'"{where}" is an empty array (Reason: Empty arrays are not allowed)'
        elif _scalar(value):
            shown = text(value)
            yield (f'"{where}" is a single value ({shown}): match values are written as arrays, e.g. ["{shown}"] '
                   f'(Reason: "{key}" must be an object or an array)')


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for rule in EVENT_RULE.resources(stack):
        pattern = decoded(EVENT_RULE.get(rule, "pattern"))
        if not isinstance(pattern, dict):
            continue
        attr = EVENT_RULE.name(rule, "pattern")
        for why in problems(pattern):
            yield RULE.finding(
                rule, attr,
                f"the event pattern is refused by PutRule with InvalidEventPatternException: Event pattern is not "
                f"valid: {why}",
                'write every match value as a non-empty array: {"source": ["aws.s3"], "detail": {"bucket": '
                '{"name": ["uploads"]}}}',
            )


RULE = Rule(
    id="SC821", name="event-pattern-match-values",
    title="EventBridge event pattern with a match value that is not a non-empty array",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_cloudwatch_event_rule event_pattern / AWS::Events::Rule EventPattern in which a field holds a single "
          'value ("source": "aws.s3") or an empty array instead of a non-empty array of match values, at any '
          "depth (also inside $or).",
    why="In an event pattern every leaf is an array of the values (or content filters) to match; a bare string or "
        "number and an empty array are refused when the rule is created. Terraform only checks that the pattern "
        "is JSON, and cfn-lint does not read the pattern's structure.",
    error='InvalidEventPatternException: Event pattern is not valid. Reason: "source" must be an object or an array '
          "at [Source: ...] / Empty arrays are not allowed",
    broken='resource "aws_cloudwatch_event_rule" "uploads" {\n  name = "uploads"\n  event_pattern = jsonencode({\n'
           '    source      = "aws.s3"\n    detail-type = ["Object Created"]\n  })\n}',
    fixed='    source      = ["aws.s3"]',
    evidence=(
        "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html (match values are always "
        "in arrays)",
        "https://github.com/buildkite/docs/pull/896 (\"slug\" must be an object or an array)",
        "https://github.com/lalcebo/json-schema/pull/171 (CloudFormation: \"source\" must be an object or an array)",
        "https://github.com/aws/aws-cdk/issues/36904 (Event pattern is not valid. Reason: Empty arrays are not "
        "allowed)",
    ),
    limits="Content filters inside the arrays (prefix, numeric, anything-but, ...) are not validated, and patterns "
           "that cannot be read statically are skipped.",
    check=check,
)
