"""SC113: an identity policy that names a Principal."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.iam._common import origin
from stackcheck.rules.iam.documents import IDENTITY, sites


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for site in sites(stack, IDENTITY):
        for stmt in site.policy.statements:
            key = "Principal" if "Principal" in stmt.raw else "NotPrincipal" if "NotPrincipal" in stmt.raw else None
            if key is None:
                continue
            yield RULE.finding(
                site.res, site.attr,
                f"{origin(site)} {site.where(stmt)} has {key}, but this is an identity policy (the principal is "
                "whoever the policy is attached to): MalformedPolicyDocument: Policy document should not specify "
                "a principal.",
                f"remove {key} (principals blocks in aws_iam_policy_document); to let another principal use a "
                "resource, put the statement in the resource's policy or the role's trust policy instead",
                line=site.line(stmt),
            )


RULE = Rule(
    id="SC113", name="identity-policy-with-principal",
    title="Identity policy with a Principal element",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A statement with Principal or NotPrincipal in an IAM identity policy (aws_iam_policy, "
          "aws_iam_role_policy, inline role policies, AWS::IAM::Policy/ManagedPolicy/RolePolicy, Role.Policies), "
          "typically a trust or bucket policy document reused as a permissions policy.",
    why="Principal is only valid in resource-based and trust policies; IAM rejects identity policies that "
        "contain it.",
    error="MalformedPolicyDocument: Policy document should not specify a principal.",
    broken='resource "aws_iam_role_policy" "trust" {\n  policy = data.aws_iam_policy_document.assume.json  # has principals\n}',
    fixed='resource "aws_iam_role" "app" {\n  assume_role_policy = data.aws_iam_policy_document.assume.json\n}',
    evidence=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
        "https://github.com/hashicorp/terraform/issues/13449",
        "https://github.com/hashicorp/terraform-provider-aws/issues/10419",
    ),
    limits="cfn-lint E3510 reports this for CloudFormation identity policies written inline.",
    check=check,
)
