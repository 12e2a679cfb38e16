"""SC152: a KMS key whose key usage is not one its key spec supports."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.kms.key_specs import DEFAULT_SPEC, DEFAULT_USAGE, KEY, allowed_usages


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for key in KEY.resources(stack):
        spec = KEY.get(key, "spec", DEFAULT_SPEC)
        usage = KEY.get(key, "usage", DEFAULT_USAGE)
        if not isinstance(spec, str) or not isinstance(usage, str):
            continue
        allowed = allowed_usages(spec)
        if allowed is None or usage in allowed:
            continue
        usage_attr, spec_attr = KEY.name(key, "usage"), KEY.name(key, "spec")
        written = KEY.get(key, "usage") is not None
        yield RULE.finding(
            key, usage_attr if written else spec_attr,
            f"{spec_attr} {spec} supports key usage {' or '.join(allowed)}, but {usage_attr} is {usage}"
            f"{'' if written else ' (the default)'}: CreateKey fails with ValidationException",
            f"set {usage_attr} = {allowed[0]}" + (f" (or {', '.join(allowed[1:])})" if len(allowed) > 1 else ""),
        )


RULE = Rule(
    id="SC152", name="kms-key-usage-spec-mismatch",
    title="KMS key usage not supported by the key spec",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_kms_key / AWS::KMS::Key whose key_usage (KeyUsage, default ENCRYPT_DECRYPT) is not valid for its "
          "key spec: an HMAC key without GENERATE_VERIFY_MAC, an ECC key with ENCRYPT_DECRYPT, a symmetric key "
          "with SIGN_VERIFY, ...",
    why="Each key spec supports only some usages (CreateKey's KeyUsage reference); both attributes are checked "
        "separately by the schema, so the combination passes terraform validate and cfn-lint.",
    error="ValidationException (CreateKey): the KeyUsage is not valid for the KeySpec",
    broken='resource "aws_kms_key" "webhook_mac" {\n  customer_master_key_spec = "HMAC_256"\n}',
    fixed='resource "aws_kms_key" "webhook_mac" {\n  customer_master_key_spec = "HMAC_256"\n'
          '  key_usage                = "GENERATE_VERIFY_MAC"\n}',
    evidence=(
        "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-KeyUsage",
        "https://docs.aws.amazon.com/kms/latest/developerguide/hmac.html",
        "https://github.com/floci-io/floci/pull/3004 (emulator matching AWS's KeySpec/KeyUsage validation)",
    ),
    limits="Key specs not in stackcheck.rules.kms.key_specs are not judged.",
    check=check,
)
