"""SC872: a Lambda@Edge association that does not name a numbered function version."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.edge.fields import DISTRIBUTION_TYPES, lambda_associations
from stackcheck.rules.serverless.fields import FUNCTION

_VERSIONED = re.compile(r"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+:\d+$")


def _problem(value: object) -> str | None:
    if isinstance(value, Unknown) and not value.parts:
        if value.target_type in FUNCTION.types and value.attr in ("arn", "Arn", "Ref", "invoke_arn", "function_name"):
            return f"{value.ref} is the unqualified function (no version)"
        return None
    if isinstance(value, str) and value.startswith("arn:") and ":lambda:" in value and not _VERSIONED.match(value):
        return f'"{value}" does not end in a version number' + (" ($LATEST is not allowed)"
                                                                  if value.endswith(":$LATEST") else "")
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for dist in stack.of_type(*DISTRIBUTION_TYPES):
        for path, arn in lambda_associations(dist):
            why = _problem(arn)
            if why is None:
                continue
            tf = dist.framework == "terraform"
            yield RULE.finding(
                dist, path,
                f"Lambda@Edge association: {why}; CloudFront refuses it with \"InvalidLambdaFunctionAssociation: "
                'The function ARN must reference a specific function version. (The ARN must end with the version '
                'number.)"',
                ("use aws_lambda_function.NAME.qualified_arn (with publish = true on the function)" if tf else
                 "reference an AWS::Lambda::Version (!Ref MyFunctionVersion) instead of the function"),
                line=dist.line_of(path),
            )


RULE = Rule(
    id="SC872", name="lambda-edge-unqualified-arn",
    title="Lambda@Edge association without a function version",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A CloudFront cache behavior's Lambda function association whose ARN is the function itself "
          "(Terraform .arn, CloudFormation !GetAtt Fn.Arn or !Ref Fn), $LATEST, or another ARN without a version "
          "number.",
    why="CloudFront replicates a fixed function version to its edge locations, so the association must name a "
        "published version. The provider and the schema only check that the value is a string.",
    error="InvalidLambdaFunctionAssociation: The function ARN must reference a specific function version. (The ARN "
          "must end with the version number.)",
    broken='lambda_function_association {\n  event_type = "viewer-request"\n'
           '  lambda_arn = aws_lambda_function.auth.arn\n}',
    fixed='  lambda_arn = aws_lambda_function.auth.qualified_arn   # publish = true on the function',
    evidence=(
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-add-triggers.html "
        "(you must specify a numbered version, not $LATEST or an alias)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/21238",
        "https://github.com/grahamgilbert/terraform-aws-munki-repo/issues/6",
        "https://github.com/serverless-operations/serverless-lambda-edge-pre-existing-cloudfront/issues/19",
    ),
    limits="Aliases (aws_lambda_alias, AWS::Lambda::Alias) are not reported.",
    check=check,
)
