"""SC310: an ECR lifecycle policy whose rules the ECR API refuses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import as_int, decoded, is_known
from stackcheck.rules.base import Context, Rule

_POLICY = {"aws_ecr_lifecycle_policy": "policy", "AWS::ECR::Repository": "LifecyclePolicy.LifecyclePolicyText"}


def problems(policy: dict[str, Any]) -> list[str]:
    """What the ECR lifecycle policy validation refuses, in a readable form (rules are numbered by priority)."""
    rules = policy.get("rules")
    if not isinstance(rules, list):
        return []
    out: list[str] = []
    priorities: dict[int, int] = {}
    untagged = 0
    any_priority: int | None = None
    all_priorities: list[int] = []
    for rule in rules:
        if not isinstance(rule, dict) or not is_known(rule):
            return []  # a rule we cannot read entirely: judge nothing
        prio = as_int(rule.get("rulePriority"))
        sel = rule.get("selection") if isinstance(rule.get("selection"), dict) else {}
        status = str(sel.get("tagStatus", "")).lower()
        label = f"rule {prio}" if prio is not None else "a rule"
        if prio is not None:
            priorities[prio] = priorities.get(prio, 0) + 1
            all_priorities.append(prio)
        if status == "tagged" and not sel.get("tagPrefixList") and not sel.get("tagPatternList"):
            out.append(f"{label} has tagStatus tagged without tagPrefixList or tagPatternList (\"Must specify "
                       'tagPrefixList or tagPatternList when tagStatus=TAGGED")')
        if status == "untagged":
            untagged += 1
        if status == "any" and prio is not None:
            any_priority = prio
        count_type, unit = sel.get("countType"), sel.get("countUnit")
        if count_type == "sinceImagePushed" and unit is None:
            out.append(f"{label} counts sinceImagePushed without countUnit \"days\"")
        elif count_type == "imageCountMoreThan" and unit is not None:
            out.append(f"{label} counts imageCountMoreThan but sets countUnit (only for sinceImagePushed)")
    dupes = sorted(p for p, n in priorities.items() if n > 1)
    if dupes:
        out.append(f"rulePriority {', '.join(map(str, dupes))} is used by more than one rule (priorities must be "
                   "unique)")
    if untagged > 1:
        out.append(f"{untagged} rules select untagged images (\"Only one rule can select Untagged images\")")
    if any_priority is not None and any(p > any_priority for p in all_priorities):
        out.append(f"the tagStatus any rule (priority {any_priority}) is not the last one (\"Rule for "
                   'tagStatus=ANY must have the lowest priority\": give it the highest rulePriority)')
    return out


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in stack.of_type(*_POLICY):
        attr = _POLICY[res.type]
        doc = decoded(res.get(attr))
        if not isinstance(doc, dict):
            continue
        found = problems(doc)
        if not found:
            continue
        yield RULE.finding(
            res, attr,
            "the lifecycle policy is refused by ECR (InvalidParameterException: Invalid parameter at "
            "'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure'): "
            + "; ".join(found),
            "fix the rules: give tagged rules a tagPrefixList or tagPatternList, keep rulePriority values unique, "
            "select untagged images in one rule only, put the tagStatus any rule last (highest rulePriority), and "
            'use countUnit "days" only with sinceImagePushed',
        )


RULE = Rule(
    id="SC310", name="ecr-lifecycle-policy-invalid",
    title="ECR lifecycle policy rules refused by ECR",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An ECR lifecycle policy (aws_ecr_lifecycle_policy, AWS::ECR::Repository LifecyclePolicy) with a tagged "
          "rule without tagPrefixList/tagPatternList, duplicate rulePriority values, several rules selecting "
          "untagged images, a tagStatus any rule that is not the last, or countUnit used with the wrong countType.",
    why="ECR validates the policy text when PutLifecyclePolicy (or CreateRepository) runs; the provider only checks "
        "that it is JSON and CloudFormation passes it as a string.",
    error="InvalidParameterException: Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: "
          "'Lifecycle policy validation failure: Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.'",
    broken='rules = [{ rulePriority = 1, action = { type = "expire" },\n'
           '  selection = { tagStatus = "tagged", countType = "imageCountMoreThan", countNumber = 30 } }]',
    fixed='  selection = { tagStatus = "tagged", tagPrefixList = ["v"], countType = "imageCountMoreThan", '
          'countNumber = 30 }',
    evidence=(
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html (tagPrefixList or "
        "tagPatternList required with tagStatus tagged; unique rulePriority; the any rule must have the highest "
        "rulePriority; countUnit only with sinceImagePushed)",
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html (only one rule may select "
        "untagged images)",
        "https://github.com/getmoto/moto/blob/master/moto/ecr/policy_validation.py (the API's messages reproduced)",
    ),
    limits="Policies with values not known statically, or built by templatefile(), are skipped.",
    check=check,
)
