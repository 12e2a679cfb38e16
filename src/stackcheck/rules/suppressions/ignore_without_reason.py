"""SC010: an inline `stackcheck:ignore` without a reason, or naming a rule that does not exist."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.suppress import inline_ignores


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    from stackcheck.rules import get_rule

    for res in stack.resources:
        if res.address != res.base_address and not res.address.endswith(("[0]", '"]')):
            continue
        for rule_id, reason, line in inline_ignores(res):
            if get_rule(rule_id) is None:
                yield RULE.finding(res, None, f"the ignore comment names {rule_id}, which is not a stackcheck rule: "
                                   "it suppresses nothing", "use an id from `stackcheck rules`", line=line)
            elif not reason:
                yield RULE.finding(res, None, f"{rule_id} is suppressed without a reason: reviewers cannot tell "
                                   "whether the risk was accepted or overlooked",
                                   f"write the reason after the id: # stackcheck:ignore {rule_id} <why>", line=line)


RULE = Rule(
    id="SC010", name="suppression-without-reason",
    title="Inline suppression without a reason",
    severity="low", blocker=False, category="advisory",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="A `# stackcheck:ignore RULE_ID` comment above a resource with no reason after the id, or naming a "
          "rule that does not exist.",
    why="A suppression is a decision; without its reason the next reader cannot review it. Run CI with "
        "--no-inline-ignores to disregard inline suppressions altogether.",
    error="",
    broken='# stackcheck:ignore SC301\nresource "aws_ecs_task_definition" "app" { ... }',
    fixed='# stackcheck:ignore SC301 the log group is created by the shared logging stack\n'
          'resource "aws_ecs_task_definition" "app" { ... }',
    evidence=("https://github.com/terraform-linters/tflint/blob/master/docs/user-guide/annotations.md "
              "(tflint-ignore with a reason)",
              "https://github.com/bridgecrewio/checkov/blob/main/docs/2.Basics/Suppressing%20and%20Skipping%20Policies.md"),
    check=check,
    origin="tool",
)
