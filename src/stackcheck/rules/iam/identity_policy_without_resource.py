"""SC112: an identity-policy statement with neither Resource nor NotResource."""

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
            if "NotResource" in stmt.raw:
                continue
            if "Resource" in stmt.raw and (stmt.raw["Resource"] is None or stmt.resources):
                continue  # null is a value left out by a condition: not judged
            hint = ("the data source statement has no resources" if site.policy.from_data_source
                    else "the statement has no Resource")
            yield RULE.finding(
                site.res, site.attr,
                f"{origin(site)} {site.where(stmt)}: {hint}; an identity policy statement must name its resources: "
                "MalformedPolicyDocument: Policy statement must contain resources.",
                "add Resource (resources = [...] in aws_iam_policy_document) with the ARNs the actions apply to, "
                'or "*" for actions that do not support resource-level permissions',
                line=site.line(stmt),
            )


RULE = Rule(
    id="SC112", name="identity-policy-without-resource",
    title="Identity policy statement without Resource",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A statement of an IAM identity policy (aws_iam_policy, aws_iam_role_policy, inline role policies, "
          "AWS::IAM::Policy/ManagedPolicy/RolePolicy, Role.Policies) with neither Resource nor NotResource, "
          "including aws_iam_policy_document statements without resources or with an empty resources list.",
    why="Identity policies must say which resources a statement applies to; IAM rejects statements without "
        "Resource/NotResource. The policy-document data source happily renders such a statement.",
    error="MalformedPolicyDocument: Policy statement must contain resources.",
    broken='data "aws_iam_policy_document" "publish" {\n  statement {\n    actions = ["sns:Publish"]\n  }\n}',
    fixed='    resources = [aws_sns_topic.alerts.arn]',
    evidence=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
        "https://github.com/hashicorp/terraform/issues/17987",
        "https://github.com/terraform-aws-modules/terraform-aws-iam/issues/364",
        "https://github.com/trussworks/terraform-aws-s3-anti-virus/issues/22 (empty resources list)",
    ),
    limits="cfn-lint E3510 reports this for CloudFormation identity policies written inline; trust policies "
           "(which must not have Resource) are not checked here.",
    check=check,
)
