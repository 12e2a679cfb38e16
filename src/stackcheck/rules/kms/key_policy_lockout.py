"""SC150: a key policy that lets nobody change the key policy again."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import iam
from stackcheck.model.resource import Stack
from stackcheck.model.values import as_bool
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.kms.key_specs import KEY

POLICY = FieldMap({"aws_kms_key_policy": {"policy": "policy", "bypass": "bypass_policy_lockout_safety_check"}})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for fields in (KEY, POLICY):
        for res in fields.resources(stack):
            if as_bool(fields.get(res, "bypass")) is True:
                continue
            policy = iam.document(stack, fields.get(res, "policy"))
            if policy is None or iam.grants(policy, "kms:PutKeyPolicy", conditional=True) is not False:
                continue
            attr = fields.name(res, "policy")
            yield RULE.finding(
                res, attr,
                f"no statement of {attr} allows kms:PutKeyPolicy to any principal (no kms:* for the account "
                "root or a key administrator), so the principal creating the key could never change the policy "
                "again: KMS refuses it with MalformedPolicyDocumentException: The new key policy will not allow "
                "you to update the key policy in the future.",
                'add the default statement: Principal {"AWS": "arn:aws:iam::<account-id>:root"}, Action "kms:*", '
                'Resource "*" (or grant kms:PutKeyPolicy and the other kms:*Key* administration actions to the '
                "role that deploys the stack)",
            )


RULE = Rule(
    id="SC150", name="kms-key-policy-lockout",
    title="KMS key policy that locks out policy changes",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A key policy (aws_kms_key.policy, aws_kms_key_policy, AWS::KMS::Key.KeyPolicy) in which no Allow "
          "statement grants kms:PutKeyPolicy (directly or through kms:* / * / NotAction) to anyone, without "
          "bypass_policy_lockout_safety_check. Typical: a policy that only lets a service encrypt and decrypt.",
    why="CreateKey and PutKeyPolicy run a lockout safety check: the caller must be able to call PutKeyPolicy "
        "under the new policy. With no statement granting it, no caller can pass.",
    error="MalformedPolicyDocumentException: The new key policy will not allow you to update the key policy in "
          "the future.",
    broken='policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Principal = {Service = '
           '"logs.eu-west-1.amazonaws.com"}, Action = ["kms:Encrypt*", "kms:Decrypt*"], Resource = "*"}]})',
    fixed='Statement = [{Sid = "EnableRootAccess", Effect = "Allow", Principal = {AWS = '
          '"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"}, Action = "kms:*", Resource = "*"}, '
          '...]',
    evidence=(
        "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#prevent-unmanageable-key",
        "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-BypassPolicyLockoutSafetyCheck",
        "https://github.com/cloudposse/terraform-aws-vpc-flow-logs-s3-bucket/issues/3",
        "https://github.com/terraform-aws-modules/terraform-aws-kms/issues/14",
    ),
    limits="Only the absence of any grant of kms:PutKeyPolicy is reported. A policy that grants it to a "
           "principal other than the deployer also fails, but the deployer is not known statically.",
    check=check,
)
