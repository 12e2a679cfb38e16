"""SC115: an AWS managed policy ARN with the wrong path (service-role/ left out or added)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import iam
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule

# (type, attribute holding one ARN or a list of ARNs)
_SITES = (
    ("aws_iam_role_policy_attachment", "policy_arn"),
    ("aws_iam_user_policy_attachment", "policy_arn"),
    ("aws_iam_group_policy_attachment", "policy_arn"),
    ("aws_iam_policy_attachment", "policy_arn"),
    ("aws_iam_role", "managed_policy_arns"),
    ("AWS::IAM::Role", "ManagedPolicyArns"),
    ("AWS::IAM::User", "ManagedPolicyArns"),
    ("AWS::IAM::Group", "ManagedPolicyArns"),
)


def _arns(value: object) -> Iterator[tuple[int | None, object]]:
    if isinstance(value, list):
        yield from enumerate(value)
    elif value is not None:
        yield None, value  # managed_policy_name() reads literal ARNs and Fn::Sub-style templates


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for rtype, attr in _SITES:
        for res in stack.of_type(rtype):
            for i, arn in _arns(res.get(attr)):
                found = iam.managed_policy_name(arn)
                if found is None:
                    continue
                path, name = found
                where = attr if i is None else f"{attr}.{i}"
                if path.startswith("aws-service-role/"):
                    yield RULE.finding(
                        res, where,
                        f"{name} is a service-linked role policy (aws-service-role/): it can only be attached "
                        "by AWS to the service-linked role, and attaching it fails: PolicyNotAttachable: Cannot "
                        "attach a Service Role Policy to a Customer Role.",
                        "let the service create its service-linked role (aws_iam_service_linked_role / "
                        "AWS::IAM::ServiceLinkedRole) and attach the service's customer-role policy instead",
                        line=res.line_of(where),
                    )
                    continue
                expected = iam.MANAGED_POLICY_PATHS.get(name)
                if expected is None or expected == path:
                    continue
                right = f"arn:aws:iam::aws:policy/{expected}{name}"
                yield RULE.finding(
                    res, where,
                    f"the AWS managed policy {name} lives at {right}, not under path \"/{path}\": attaching "
                    f"fails with NoSuchEntity: Policy arn:aws:iam::aws:policy/{path}{name} does not exist or "
                    "is not attachable.",
                    f"use {right}",
                    line=res.line_of(where),
                )


RULE = Rule(
    id="SC115", name="managed-policy-arn-wrong-path",
    title="AWS managed policy ARN with the wrong path",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A policy attachment or ManagedPolicyArns entry naming a well-known AWS managed policy at the wrong "
          "path, e.g. arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole (the policy is under service-role/), "
          "or a service-linked role policy (aws-service-role/) attached to a customer role.",
    why="Managed policy ARNs include the policy's path; the name alone under another path does not exist, so "
        "AttachRolePolicy fails. Service-linked role policies cannot be attached to customer roles at all.",
    error="NoSuchEntity: Policy arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole does not exist or is not "
          "attachable.",
    broken='policy_arn = "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"',
    fixed='policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"',
    evidence=(
        "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html",
        "https://github.com/hashicorp/terraform/issues/31748",
        "https://github.com/aws/aws-cdk/issues/19830",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html",
        "https://github.com/aws/aws-cdk/issues/6131 (PolicyNotAttachable for aws-service-role/ policies)",
    ),
    limits="Only the AWS managed policies listed in stackcheck.model.iam.MANAGED_POLICY_PATHS (the common "
           "Lambda, ECS, Glue, RDS, API Gateway, Backup, Config, EKS, SSM and S3 ones) are known; other names "
           "are not judged.",
    check=check,
)
