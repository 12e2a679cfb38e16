"""SC411: a CloudFormation rotation schedule with both AutomaticallyAfterDays and ScheduleExpression."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for rot in stack.of_type("AWS::SecretsManager::RotationSchedule"):
        days = rot.get("RotationRules.AutomaticallyAfterDays")
        expr = rot.get("RotationRules.ScheduleExpression")
        if days is None or expr is None:
            continue
        yield RULE.finding(
            rot, "RotationRules.ScheduleExpression",
            f"RotationRules sets both AutomaticallyAfterDays ({days}) and ScheduleExpression ({expr}); Secrets "
            "Manager takes one or the other and RotateSecret rejects the pair with InvalidParameterException",
            "keep only ScheduleExpression (e.g. rate(30 days) or a cron expression) or only AutomaticallyAfterDays",
        )


RULE = Rule(
    id="SC411", name="secret-rotation-days-and-schedule",
    title="Rotation rules with both AutomaticallyAfterDays and ScheduleExpression",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("cloudformation",), stage="apply",
    finds="AWS::SecretsManager::RotationSchedule whose RotationRules set AutomaticallyAfterDays and "
          "ScheduleExpression together.",
    why="RotationRulesType accepts either AutomaticallyAfterDays or ScheduleExpression, not both; the "
        "Terraform provider enforces this at validate (ConflictsWith), cfn-lint does not.",
    error="InvalidParameterException (RotateSecret): use either AutomaticallyAfterDays or ScheduleExpression, "
          "not both",
    broken="RotationRules:\n  AutomaticallyAfterDays: 30\n  ScheduleExpression: cron(0 4 ? * SUN *)",
    fixed="RotationRules:\n  ScheduleExpression: cron(0 4 ? * SUN *)",
    evidence=(
        "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-secretsmanager-rotationschedule-rotationrules.html",
        "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/secretsmanager/secret_rotation.go "
        "(rotation_rules: automatically_after_days ConflictsWith schedule_expression)",
    ),
    limits="CloudFormation only: for Terraform, the provider's ConflictsWith already fails terraform validate.",
    check=check,
)
