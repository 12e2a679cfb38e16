"""SC818: an EventBridge rule schedule expression that PutRule rejects, or a schedule on a custom event bus."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, FieldMap, Rule

EVENT_RULE = FieldMap({
    "aws_cloudwatch_event_rule": {"schedule": "schedule_expression", "bus": "event_bus_name"},
    "AWS::Events::Rule": {"schedule": "ScheduleExpression", "bus": "EventBusName"},
})
_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
_CRON = re.compile(r"^cron\((.*)\)$")


def problem(expr: str) -> str | None:
    """Why EventBridge refuses a rule's schedule expression, or None when it is well formed as far as checked."""
    if expr.startswith("rate("):
        match = _RATE.match(expr)
        if match is None:
            return ('a rate is written rate(VALUE UNIT) with a whole number and minute(s), hour(s) or day(s) in lower '
                    "case, single spaces")
        value, unit = int(match.group(1)), match.group(2)
        if value == 0:
            return "the rate value must be at least 1"
        if value == 1 and unit.endswith("s"):
            return f"a value of 1 takes the singular unit: rate(1 {unit[:-1]})"
        if value > 1 and not unit.endswith("s"):
            return f"a value above 1 takes the plural unit: rate({value} {unit}s)"
        return None
    match = _CRON.match(expr)
    if match is None:
        return "a rule's schedule is rate(...) or cron(...) (at(...) exists only in EventBridge Scheduler)"
    fields = match.group(1).split()
    if len(fields) != 6:
        return (f"cron takes 6 fields (minutes hours day-of-month month day-of-week year), this one has "
                f"{len(fields)}")
    day_of_month, day_of_week = fields[2], fields[4]
    if (day_of_month == "?") == (day_of_week == "?"):
        return ("exactly one of day-of-month and day-of-week must be ?, e.g. cron(0 12 * * ? *) or "
                "cron(0 12 ? * MON *)")
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for rule in EVENT_RULE.resources(stack):
        expr = EVENT_RULE.get(rule, "schedule")
        if not isinstance(expr, str):
            continue
        attr = EVENT_RULE.name(rule, "schedule")
        why = problem(expr)
        if why is not None:
            yield RULE.finding(
                rule, attr,
                f'schedule "{expr}" is refused: {why}. PutRule fails with ValidationException: Parameter '
                "ScheduleExpression is not valid.",
                "write the schedule as e.g. rate(5 minutes), rate(1 hour) or cron(0 3 * * ? *)",
            )
        bus = EVENT_RULE.get(rule, "bus")
        if isinstance(bus, str) and bus not in ("default",) and not bus.endswith(":event-bus/default"):
            yield RULE.finding(
                rule, EVENT_RULE.name(rule, "bus"),
                f'a scheduled rule on the custom event bus "{bus}": schedules run only on the default event bus and '
                "PutRule fails with ValidationException",
                "remove the event bus (use the default bus) for scheduled rules, or use EventBridge Scheduler",
            )


RULE = Rule(
    id="SC818", name="event-rule-schedule-expression",
    title="EventBridge rule schedule expression refused",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_cloudwatch_event_rule / AWS::Events::Rule whose schedule expression is a malformed rate (rate(1 "
          "minutes), rate(5 minute), rate(0 hours), rate(10 seconds), upper case units, extra spaces), a cron without "
          "exactly 6 fields or without ? in exactly one of day-of-month and day-of-week, an at() expression, or a "
          "schedule on a custom event bus.",
    why="EventBridge validates the expression in PutRule: a value of 1 takes a singular unit and larger values a "
        "plural one, cron has six fields and exactly one of the two day fields must be ?, and scheduled rules exist "
        "only on the default bus. The provider only checks the length of the string.",
    error="ValidationException: Parameter ScheduleExpression is not valid.",
    broken='resource "aws_cloudwatch_event_rule" "sync" {\n  name                = "crm-sync"\n'
           '  schedule_expression = "rate(1 minutes)"\n}',
    fixed='  schedule_expression = "rate(1 minute)"',
    evidence=(
        "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html (rate: singular for "
        "1, plural above; cron: six fields, day-of-month and day-of-week cannot both be specified)",
        "https://github.com/localstack/localstack/blob/master/tests/aws/services/events/test_events_schedule.py "
        "(AWS-validated: rate(1 minutes), rate(10 minute), rate(0 minutes), rate(10 MINUTES), rate( 10 minutes ) "
        "fail with Parameter ScheduleExpression is not valid; a schedule on a custom bus fails)",
        "https://github.com/aws-cloudformation/cfn-lint/blob/main/src/cfnlint/rules/resources/events/"
        "RuleScheduleExpression.py (E3027, the same checks for CloudFormation)",
    ),
    limits="Cron field values (ranges, names, L/W/#) are not validated beyond the field count and the ? rule. "
           "cfn-lint (E3027) reports the same expression errors in CloudFormation templates; Terraform has no such "
           "check. EventBridge Scheduler schedules (aws_scheduler_schedule) are not judged.",
    check=check,
)
