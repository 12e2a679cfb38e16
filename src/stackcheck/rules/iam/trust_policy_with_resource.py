"""SC114: a role trust policy with a Resource element."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.iam._common import origin
from stackcheck.rules.iam.documents import TRUST, sites


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for site in sites(stack, TRUST):
        for stmt in site.policy.statements:
            key = "Resource" if "Resource" in stmt.raw else "NotResource" if "NotResource" in stmt.raw else None
            if key is None:
                continue
            yield RULE.finding(
                site.res, site.attr,
                f"{origin(site)} {site.where(stmt)} has {key}, which a role trust policy must not have (the "
                f"resource is the role itself): CreateRole fails: MalformedPolicyDocument: Has prohibited field {key}",
                f"remove {key} from the trust policy statement (resources in aws_iam_policy_document); put "
                "permissions in a separate policy attached to the role",
                line=site.line(stmt),
            )


RULE = Rule(
    id="SC114", name="trust-policy-with-resource",
    title="Role trust policy with a Resource element",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A statement with Resource or NotResource in aws_iam_role.assume_role_policy / "
          "AWS::IAM::Role.AssumeRolePolicyDocument, typically a permissions policy pasted as the trust policy.",
    why="A trust policy is the role's resource-based policy: the resource is implied, and IAM rejects the "
        "Resource element in it.",
    error="MalformedPolicyDocument: Has prohibited field Resource",
    broken='assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", '
           'Action = "sts:AssumeRole", Principal = {Service = "ec2.amazonaws.com"}, Resource = "*"}]})',
    fixed='assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", '
          'Action = "sts:AssumeRole", Principal = {Service = "ec2.amazonaws.com"}}]})',
    evidence=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#term_trust-policy",
        "https://github.com/kubernetes-sigs/external-dns/issues/3085",
        "https://github.com/devopsacademyau/academy/pull/1368 (CreateRole: Has prohibited field Resource)",
    ),
    limits="cfn-lint E3530 reports this for CloudFormation trust policies written inline.",
    check=check,
)
