"""SC850: a CloudWatch alarm whose evaluation settings PutMetricAlarm refuses (M out of N, total window)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_int
from stackcheck.rules.base import Context, FieldMap, Rule

ALARM = FieldMap({
    "aws_cloudwatch_metric_alarm": {"periods": "evaluation_periods", "datapoints": "datapoints_to_alarm",
                                    "period": "period"},
    "AWS::CloudWatch::Alarm": {"periods": "EvaluationPeriods", "datapoints": "DatapointsToAlarm",
                               "period": "Period"},
})
# PutMetricAlarm: Period x EvaluationPeriods at most 7 days, and at most 1 day when Period is under an hour.
DAY, WEEK, HOUR = 86_400, 604_800, 3_600


def _problem(alarm: Resource) -> tuple[str | None, str, str] | None:
    periods = as_int(ALARM.get(alarm, "periods"))
    if periods is None:
        return None
    raw_points = ALARM.get(alarm, "datapoints")
    points = as_int(raw_points) if raw_points is not None else None
    p_attr, d_attr = ALARM.name(alarm, "periods"), ALARM.name(alarm, "datapoints")
    if points is not None and points > periods:
        return d_attr, (f"{d_attr} = {points} is more than {p_attr} = {periods}: an alarm cannot need more breaching "
                        "datapoints than it evaluates, and PutMetricAlarm fails with \"DatapointsToAlarm must be "
                        'less than or equal to EvaluationPeriods"'), \
            f"lower {d_attr} to at most {periods}, or raise {p_attr}"
    period = as_int(ALARM.get(alarm, "period"))
    if period is None:
        return None
    limit = DAY if period < HOUR else WEEK
    if period * periods > limit:
        what = "one day (86,400 s) for periods under an hour" if limit == DAY else "seven days (604,800 s)"
        per_attr = ALARM.name(alarm, "period")
        return p_attr, (f"{per_attr} = {period} x {p_attr} = {periods} is {period * periods} seconds, more than "
                        f"the {what} an alarm may evaluate: PutMetricAlarm fails with a ValidationError"), \
            f"lower {p_attr} to at most {limit // period}, or use a longer {per_attr}"
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for alarm in ALARM.resources(stack):
        found = _problem(alarm)
        if found is not None:
            attr, message, fix = found
            yield RULE.finding(alarm, attr, message, fix)


RULE = Rule(
    id="SC850", name="alarm-evaluation-window",
    title="CloudWatch alarm evaluation settings refused by PutMetricAlarm",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A metric alarm whose datapoints_to_alarm / DatapointsToAlarm exceeds its evaluation periods, or whose "
          "period times evaluation periods exceeds one day (period under an hour) or seven days.",
    why="PutMetricAlarm checks the M-out-of-N settings and the total evaluation window against each other; the "
        "provider validates each number alone (period in 10/20/30 or a multiple of 60), so validate and plan pass.",
    error="ValidationError: DatapointsToAlarm must be less than or equal to EvaluationPeriods",
    broken='resource "aws_cloudwatch_metric_alarm" "errors" {\n  evaluation_periods  = 3\n'
           '  datapoints_to_alarm = 5\n  period              = 300\n  ...\n}',
    fixed='  evaluation_periods  = 5\n  datapoints_to_alarm = 3',
    evidence=(
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (DatapointsToAlarm; "
        "Period: Period multiplied by EvaluationPeriods can't be more than 604,800 seconds, 86,400 for periods "
        "under one hour)",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation "
        "(Datapoints to Alarm is M, Evaluation Periods is N; M must not exceed N)",
    ),
    limits="Alarms over metric math (metric_query / Metrics) are judged only by their M-out-of-N settings.",
    check=check,
)
