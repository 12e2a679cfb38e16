"""SC153: a log group encrypted with a stack's KMS key whose policy does not let CloudWatch Logs use it."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import iam
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.kms.key_specs import KEY

LOG_GROUP = FieldMap({
    "aws_cloudwatch_log_group": {"key": "kms_key_id"},
    "AWS::Logs::LogGroup": {"key": "KmsKeyId"},
})
ACTIONS = ("kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt")


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for group in LOG_GROUP.resources(stack):
        key = stack.resolve(LOG_GROUP.get(group, "key"))
        if key is None or key.type not in KEY.types:
            continue
        # A separate aws_kms_key_policy may replace the key's policy: then the key's own is not the one in force.
        if any(r.type == "aws_kms_key_policy" for r in stack.referrers.get(key.address, ())):
            continue
        raw = KEY.get(key, "policy")
        if raw is None:
            state = "has no policy, so it gets the default key policy (account root only)"
        else:
            policy = iam.document(stack, raw)
            if policy is None or iam.allows_service(policy, "logs.amazonaws.com", *ACTIONS) is not False:
                continue
            state = "has a policy with no statement allowing the logs service principal"
        attr = LOG_GROUP.name(group, "key")
        yield RULE.finding(
            group, attr,
            f"the log group is encrypted with {key.address}, which {state}; CloudWatch Logs uses the key as "
            "logs.<region>.amazonaws.com, and IAM permissions of the account cannot grant that: creating the "
            "log group fails with AccessDeniedException: The specified KMS key does not exist or is not allowed "
            "to be used with Arn 'arn:aws:logs:...'",
            f"add a statement to {key.address}'s key policy allowing Principal "
            '{"Service": "logs.<region>.amazonaws.com"} kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, '
            "kms:GenerateDataKey*, kms:Describe* (with an kms:EncryptionContext:aws:logs:arn condition), keeping "
            "the account-root statement",
        )


RULE = Rule(
    id="SC153", name="log-group-key-without-logs-access",
    title="Log group encrypted with a KMS key that CloudWatch Logs may not use",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_cloudwatch_log_group / AWS::Logs::LogGroup with kms_key_id (KmsKeyId) pointing at a key created "
          "in the stack whose key policy is the default one or has no Allow for the logs service principal.",
    why="CloudWatch Logs calls KMS as the service principal logs.<region>.amazonaws.com; only the key policy can "
        "authorize it, and CreateLogGroup / AssociateKmsKey check access when the key is associated.",
    error="AccessDeniedException: The specified KMS key does not exist or is not allowed to be used with Arn "
          "'arn:aws:logs:<region>:<account>:log-group:<name>'",
    broken='resource "aws_kms_key" "logs" {}\nresource "aws_cloudwatch_log_group" "app" {\n'
           '  kms_key_id = aws_kms_key.logs.arn\n}',
    fixed='resource "aws_kms_key" "logs" {\n  policy = jsonencode({ Statement = [ {root kms:*}, {Principal = '
          '{Service = "logs.eu-west-1.amazonaws.com"}, Action = ["kms:Encrypt*", "kms:Decrypt*", '
          '"kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], Resource = "*"} ] })\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
        "https://github.com/hashicorp/terraform-provider-aws/issues/29282",
        "https://github.com/hashicorp/terraform/issues/24194",
        "https://github.com/ministryofjustice/modernisation-platform/issues/7870",
    ),
    limits="Keys outside the stack, and keys whose policy is replaced by a separate aws_kms_key_policy, are not "
           "judged; a statement with Principal \"*\" or unknown principals counts as allowing.",
    check=check,
)
