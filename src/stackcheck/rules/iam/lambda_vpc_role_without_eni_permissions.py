"""SC116: a Lambda function in a VPC whose execution role cannot create network interfaces."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import iam
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_list
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_lambda_function": {"role": "role", "subnets": "vpc_config.subnet_ids"},
    "AWS::Lambda::Function": {"role": "Role", "subnets": "VpcConfig.SubnetIds"},
})


def _in_vpc(fn: Resource) -> bool:
    subnets = FIELDS.get(fn, "subnets")
    return bool(as_list(subnets))  # an empty subnet list detaches the function from the VPC


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for fn in FIELDS.resources(stack):
        if not _in_vpc(fn):
            continue
        role = iam.role_of(stack, FIELDS.get(fn, "role"))
        if role is None:
            continue
        if iam.role_permissions(stack, role).grants("ec2:CreateNetworkInterface") is not False:
            continue
        attr = FIELDS.name(fn, "role")
        yield RULE.finding(
            fn, attr,
            f"the function is attached to a VPC, and its role {role.address} has no policy allowing "
            "ec2:CreateNetworkInterface: CreateFunction fails: InvalidParameterValueException: The provided "
            "execution role does not have permissions to call CreateNetworkInterface on EC2",
            f"attach arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole to {role.address} "
            "(ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface, "
            "ec2:DescribeSubnets, ec2:AssignPrivateIpAddresses, ec2:UnassignPrivateIpAddresses)",
        )


RULE = Rule(
    id="SC116", name="lambda-vpc-role-without-eni-permissions",
    title="VPC Lambda function whose role cannot create network interfaces",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A Lambda function with subnets in vpc_config / VpcConfig whose execution role, created in the same "
          "stack with all its policies known, grants no ec2:CreateNetworkInterface (no "
          "AWSLambdaVPCAccessExecutionRole or equivalent statement).",
    why="Lambda creates the function's network interfaces with the execution role and checks the permission "
        "when the function is created or its VPC configuration changes.",
    error="InvalidParameterValueException: The provided execution role does not have permissions to call "
          "CreateNetworkInterface on EC2",
    broken='resource "aws_lambda_function" "api" {\n  role = aws_iam_role.api.arn  # only AWSLambdaBasicExecutionRole\n'
           '  vpc_config { subnet_ids = [...] security_group_ids = [...] }\n}',
    fixed='resource "aws_iam_role_policy_attachment" "api_vpc" {\n  role       = aws_iam_role.api.name\n'
          '  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"\n}',
    evidence=(
        "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions",
        "https://github.com/aws/aws-sam-cli/issues/617",
        "https://github.com/daniel-cottone/serverless-es-logs/issues/145",
        "https://github.com/amazon-connect/amazon-connect-salesforce-lambda/issues/29",
    ),
    limits="Silent unless every policy of the role is visible: inline and attached policies from the stack, "
           "and AWS managed policies whose content stackcheck knows (stackcheck.model.iam). Permission "
           "boundaries and SCPs are not weighed. A conditional Allow counts as granting.",
    check=check,
)
