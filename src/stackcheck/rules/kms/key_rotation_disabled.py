"""SC103: a symmetric customer-managed KMS key without automatic rotation."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import as_bool
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_kms_key": {"rotation": "enable_key_rotation", "spec": "customer_master_key_spec", "true": "true"},
    "AWS::KMS::Key": {"rotation": "EnableKeyRotation", "spec": "KeySpec", "true": "true"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for key in FIELDS.resources(stack):
        spec = FIELDS.get(key, "spec")
        if isinstance(spec, str) and spec != "SYMMETRIC_DEFAULT":
            continue  # asymmetric and HMAC keys cannot rotate automatically
        value = FIELDS.get(key, "rotation")
        if value is not None and as_bool(value) is not False:
            continue
        attr = FIELDS.name(key, "rotation")
        yield RULE.finding(key, attr, f"automatic key rotation is off ({attr} is {'false' if value is not None else 'not set'})",
                           f"set {attr} = true")


RULE = Rule(
    id="SC103", name="kms-key-rotation-disabled",
    title="Customer-managed KMS key without automatic rotation",
    severity="medium", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="A symmetric aws_kms_key / AWS::KMS::Key whose automatic rotation is off or unset (it defaults to off).",
    why="Requirement profile: customer-managed keys rotate yearly.",
    error="",
    broken="DataKey:\n  Type: AWS::KMS::Key\n  Properties:\n    KeyPolicy: ...",
    fixed="    EnableKeyRotation: true",
    evidence=("https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
              "https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html"),
    check=check,
    origin="seed",
)
