"""SC111: an IAM policy action that is not `service:action` (no prefix, two colons, wildcard prefix)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.iam._common import origin
from stackcheck.rules.iam.documents import IDENTITY, TRUST, sites

_VENDOR = re.compile(r"^[A-Za-z0-9-]+$")


def problem(action: str) -> str | None:
    """Why IAM rejects this action string, or None when it is well formed."""
    if action == "*":
        return None
    if ":" not in action:
        return "has no service prefix (Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.)"
    if action.count(":") > 1:
        return "has more than one colon (Actions/Condition can contain only one colon.)"
    vendor = action.split(":", 1)[0]
    if not _VENDOR.match(vendor):
        return "has a service prefix with wildcards or invalid characters (Action vendors must not contain wildcards)"
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for site in sites(stack, IDENTITY, TRUST):
        for stmt in site.policy.statements:
            for key, values in (("Action", stmt.actions), ("NotAction", stmt.not_actions)):
                for action in values or ():
                    if not isinstance(action, str) or (why := problem(action)) is None:
                        continue
                    yield RULE.finding(
                        site.res, site.attr,
                        f"{origin(site)} {site.where(stmt)}: {key} \"{action}\" {why}; IAM rejects the "
                        "whole document with MalformedPolicyDocument",
                        "write actions as service:ActionName (e.g. s3:GetObject, logs:PutLogEvents), with "
                        "wildcards only after the colon",
                        line=site.line(stmt),
                    )


RULE = Rule(
    id="SC111", name="iam-policy-action-malformed",
    title="IAM policy action without a valid service prefix",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An identity or trust policy whose Action/NotAction entry is not \"*\" or service:action: no colon "
          "(\"GetObject\"), two colons, or a wildcard in the service prefix (\"*:Get*\").",
    why="IAM parses every action as vendor:action and refuses the document when one does not parse; the "
        "provider only checks that the policy is JSON, so terraform validate passes.",
    error="MalformedPolicyDocument: Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
    broken='policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = ["GetObject"], '
           'Resource = "*"}]})',
    fixed='Action = ["s3:GetObject"]',
    evidence=(
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
        "https://github.com/garnaat/kappa/issues/111 (Actions/Condition can contain only one colon)",
        "https://github.com/boogy/iam-policy-validator/pull/172 (wildcard vendor rejected by IAM)",
    ),
    limits="Checks the shape only, not whether the action exists (unknown action names are accepted by IAM). "
           "cfn-lint W3037 warns about unprefixed actions in CloudFormation.",
    check=check,
)
