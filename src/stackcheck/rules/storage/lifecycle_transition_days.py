"""SC654: lifecycle rules S3 refuses: an IA transition before 30 days, or expiration not after a transition."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_bool, as_int, as_list
from stackcheck.rules.base import Context, Rule

# API_Transition: for STANDARD_IA and ONEZONE_IA, Days must be at least 30.
IA_CLASSES = ("STANDARD_IA", "ONEZONE_IA")
IA_MIN_DAYS = 30


@dataclass
class LifecycleRule:
    path: str  # attribute path of the rule, for the finding
    transitions: list[tuple[str, int, str]]  # (storage class, days, attribute path)
    expiration: tuple[int, str] | None  # (days, attribute path)
    enabled: bool


def _tf_rules(res: Resource) -> list[LifecycleRule]:
    out = []
    legacy = res.type == "aws_s3_bucket"
    for i, rule in enumerate(as_list(res.get("lifecycle_rule" if legacy else "rule"))):
        if not isinstance(rule, dict):
            continue
        base = f"{'lifecycle_rule' if legacy else 'rule'}.{i}"
        enabled = as_bool(rule.get("enabled")) if legacy else rule.get("status") == "Enabled"
        transitions = []
        for j, t in enumerate(as_list(rule.get("transition"))):
            days = as_int(t.get("days")) if isinstance(t, dict) else None
            if days is not None and isinstance(t.get("storage_class"), str):
                transitions.append((t["storage_class"], days, f"{base}.transition.{j}.days"))
        exp = (as_list(rule.get("expiration")) or [None])[0]
        exp_days = as_int(exp.get("days")) if isinstance(exp, dict) else None
        out.append(LifecycleRule(base, transitions, (exp_days, f"{base}.expiration.days") if exp_days else None,
                                 bool(enabled)))
    return out


def _cfn_rules(res: Resource) -> list[LifecycleRule]:
    out = []
    for i, rule in enumerate(as_list(res.get("LifecycleConfiguration.Rules"))):
        if not isinstance(rule, dict):
            continue
        base = f"LifecycleConfiguration.Rules.{i}"
        transitions = []
        listed = [(f"{base}.Transitions.{j}", t) for j, t in enumerate(as_list(rule.get("Transitions")))]
        if isinstance(rule.get("Transition"), dict):
            listed.append((f"{base}.Transition", rule["Transition"]))
        for path, t in listed:
            days = as_int(t.get("TransitionInDays")) if isinstance(t, dict) else None
            if days is not None and isinstance(t.get("StorageClass"), str):
                transitions.append((t["StorageClass"].upper(), days, f"{path}.TransitionInDays"))
        exp_days = as_int(rule.get("ExpirationInDays"))
        out.append(LifecycleRule(base, transitions, (exp_days, f"{base}.ExpirationInDays") if exp_days else None,
                                 rule.get("Status") == "Enabled"))
    return out


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    types = ("aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket", "AWS::S3::Bucket")
    for res in stack.of_type(*types):
        rules = _cfn_rules(res) if res.framework == "cloudformation" else _tf_rules(res)
        for rule in rules:
            # S3 validates disabled rules too: the whole configuration is refused.
            for storage_class, days, path in rule.transitions:
                if storage_class in IA_CLASSES and days < IA_MIN_DAYS:
                    yield RULE.finding(
                        res, path,
                        f"the transition to {storage_class} after {days} day(s) is refused: S3 only moves objects "
                        f"to {storage_class} once they are at least {IA_MIN_DAYS} days old",
                        f"transition to {storage_class} at {IA_MIN_DAYS} days or later, or use INTELLIGENT_TIERING / "
                        "GLACIER_IR, which accept any day count",
                    )
            if rule.expiration is None or not rule.transitions:
                continue
            exp_days, exp_path = rule.expiration
            latest = max(rule.transitions, key=lambda t: t[1])
            if exp_days <= latest[1]:
                yield RULE.finding(
                    res, exp_path,
                    f"objects expire after {exp_days} day(s), not later than their transition to {latest[0]} after "
                    f"{latest[1]} day(s): S3 refuses the lifecycle configuration",
                    f"expire after more than {latest[1]} days, or drop the transition",
                )


RULE = Rule(
    id="SC654", name="s3-lifecycle-transition-refused",
    title="S3 lifecycle transition that S3 refuses",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="Lifecycle rules (aws_s3_bucket_lifecycle_configuration, a legacy lifecycle_rule, or "
          "LifecycleConfiguration) that move objects to STANDARD_IA or ONEZONE_IA before 30 days, or that expire "
          "objects no later than one of their transitions.",
    why="PutBucketLifecycleConfiguration validates the day counts: IA classes need objects at least 30 days old, "
        "and an expiration must come after every transition of the same rule. Variables such as a retention of "
        "30 days combined with a fixed IA transition at 30 days make the apply fail in one environment only.",
    error="InvalidArgument: 'Days' in Transition action must be greater than or equal to 30 for storageClass "
          "'STANDARD_IA' | InvalidArgument: 'Days' in the Expiration action for filter '(prefix=)' must be greater "
          "than 'Days' in the Transition action",
    broken='rule {\n  transition {\n    days          = 7\n    storage_class = "STANDARD_IA"\n  }\n'
           '  expiration { days = 7 }\n}',
    fixed='rule {\n  transition {\n    days          = 30\n    storage_class = "STANDARD_IA"\n  }\n'
          '  expiration { days = 90 }\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonS3/latest/API/API_Transition.html (Days: for STANDARD_IA or "
        "ONEZONE_IA, at least 30)",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html",
        "https://github.com/hashicorp/terraform-provider-aws/pull/6201 (documentation example with 15 days was "
        "invalid: AWS requires at least 30)",
        "https://github.com/cloudposse/terraform-aws-cloudtrail-s3-bucket/issues/36",
    ),
    limits="Only day counts known statically are compared; dates, noncurrent-version transitions and the "
           "spacing between successive transitions are not checked.",
    check=check,
)
