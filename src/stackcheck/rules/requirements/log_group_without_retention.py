"""SC903: a CloudWatch log group that keeps its logs forever (no retention set)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_int
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_cloudwatch_log_group": {"retention": "retention_in_days"},
    "AWS::Logs::LogGroup": {"retention": "RetentionInDays"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    minimum = int(ctx.param("min_log_retention_days", 1))
    for group in FIELDS.resources(stack):
        attr = FIELDS.name(group, "retention")
        value = group.get(attr)
        if isinstance(value, Unknown):
            continue
        days = as_int(value)
        if value is not None and days is None:
            continue  # not a number: the schema rules report it
        if not days:  # absent, or 0 (Terraform's "never expire")
            yield RULE.finding(group, attr if value is not None else None,
                               "the log group never expires its logs: storage grows (and is billed) without bound, "
                               "and the retention the production profile asks for is not enforced",
                               f"set {attr} (for example 30, 90 or 365; one of the values CloudWatch Logs accepts)")
        elif days < minimum:
            yield RULE.finding(group, attr, f"logs are kept {days} day(s), less than the profile's "
                               f"min_log_retention_days = {minimum}", f"set {attr} to at least {minimum}")


RULE = Rule(
    id="SC903", name="log-group-without-retention",
    title="Log group keeps logs forever",
    severity="low", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="An aws_cloudwatch_log_group / AWS::Logs::LogGroup without a retention period (or with 0, which "
          "Terraform sends as 'never expire'), or one shorter than the profile's min_log_retention_days.",
    why="Without RetentionInDays CloudWatch Logs keeps events indefinitely. Requirement profile: logs with "
        "retention (the seeds' log groups all set one); AWS Config's cw-loggroup-retention-period-check and "
        "Security Hub CloudWatch.16 check the same.",
    error="",
    broken='resource "aws_cloudwatch_log_group" "app" {\n  name = "/ecs/app"\n}',
    fixed='resource "aws_cloudwatch_log_group" "app" {\n  name              = "/ecs/app"\n  retention_in_days = 30\n}',
    evidence=("https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html",
              "https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html",
              "https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/cloudwatch_log_group"),
    limits="Log groups that services create by themselves (for example /aws/lambda/<name> when no resource "
           "declares it) are not in the stack and are not checked.",
    check=check,
)
