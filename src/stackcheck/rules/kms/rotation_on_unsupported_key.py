"""SC151: automatic rotation enabled on a key that cannot rotate automatically."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_bool
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.kms.key_specs import DEFAULT_SPEC, KEY


def _why(key: Resource) -> str | None:
    spec = KEY.get(key, "spec", DEFAULT_SPEC)
    if isinstance(spec, str) and spec != DEFAULT_SPEC:
        return f"{'an HMAC' if spec.startswith('HMAC_') else 'an asymmetric'} key ({KEY.name(key, 'spec')} = {spec})"
    if KEY.get(key, "origin") == "EXTERNAL":
        return "a key for imported key material (Origin = EXTERNAL)"
    if isinstance(KEY.get(key, "store"), str):
        return "a key in a custom key store"
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for key in KEY.resources(stack):
        if as_bool(KEY.get(key, "rotation")) is not True:
            continue
        why = _why(key)
        if why is None:
            continue
        attr = KEY.name(key, "rotation")
        yield RULE.finding(
            key, attr,
            f"{attr} is true on {why}; KMS rotates only symmetric encryption keys with AWS-generated material: "
            "EnableKeyRotation fails with UnsupportedOperationException",
            f"remove {attr} (rotate such keys manually by creating a new key and moving an alias)",
        )


RULE = Rule(
    id="SC151", name="kms-rotation-on-unsupported-key",
    title="Automatic rotation enabled on an asymmetric, HMAC or imported KMS key",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_kms_key / AWS::KMS::Key with enable_key_rotation (EnableKeyRotation) true and a key spec other "
          "than SYMMETRIC_DEFAULT (RSA, ECC, HMAC, SM2, ML-DSA), Origin EXTERNAL, or a custom key store.",
    why="Automatic rotation exists only for symmetric encryption keys whose material KMS generates; "
        "EnableKeyRotation refuses the others, and the CloudFormation handler rejects the property.",
    error="UnsupportedOperationException: ... / Invalid request provided: You cannot set the EnableKeyRotation "
          "property to true on asymmetric or external keys.",
    broken='resource "aws_kms_key" "signing" {\n  customer_master_key_spec = "ECC_NIST_P256"\n'
           '  key_usage                = "SIGN_VERIFY"\n  enable_key_rotation      = true\n}',
    fixed='resource "aws_kms_key" "signing" {\n  customer_master_key_spec = "ECC_NIST_P256"\n'
          '  key_usage                = "SIGN_VERIFY"\n}',
    evidence=(
        "https://docs.aws.amazon.com/kms/latest/APIReference/API_EnableKeyRotation.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
        "https://github.com/aws-cloudformation/aws-cloudformation-resource-providers-kms/pull/57 (handler message)",
    ),
    limits="terraform validate and cfn-lint accept the combination.",
    check=check,
)
