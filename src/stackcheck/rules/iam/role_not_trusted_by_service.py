"""SC110: a role handed to a service whose trust policy does not let that service assume it."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import iam
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.iam.usage import role_uses


def _trusted(policy: iam.Policy) -> str:
    names = sorted({p for _, p in iam.service_principals(policy) if isinstance(p, str)})
    return ", ".join(names) if names else "no service principal"


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for user, attr, value, use in role_uses(stack):
        role = iam.role_of(stack, value)
        if role is None:
            continue
        trust = iam.trust_policy(stack, role)
        if trust is None or iam.trusts_service(trust, use.service) is not False:
            continue
        trust_attr = "assume_role_policy" if role.framework == "terraform" else "AssumeRolePolicyDocument"
        yield RULE.finding(
            user, attr,
            f"{attr} is {role.address} ({use.what}), whose trust policy ({role.file}:{role.line_of(trust_attr)}) "
            f"trusts {_trusted(trust)} but not {use.service}: {use.failure}",
            f"add a statement to {role.address}'s {trust_attr} allowing Principal "
            f'{{"Service": "{use.service}"}} the action sts:AssumeRole',
        )


RULE = Rule(
    id="SC110", name="role-not-trusted-by-service",
    title="Role passed to a service that its trust policy does not trust",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A role created in the stack and passed to a service (Lambda function role, ECS task and execution "
          "roles, Step Functions, CodeBuild, CodePipeline, Glue, RDS enhanced monitoring, flow logs, API Gateway, "
          "EKS, instance profiles, Firehose, EventBridge, Scheduler, CloudTrail, Backup) whose trust policy has "
          "no Allow of sts:AssumeRole for that service's principal (e.g. an ECS task role trusting "
          "ec2.amazonaws.com).",
    why="A service acts with a role only by assuming it, and STS refuses unless the role's trust policy allows "
        "the service principal. Lambda, Step Functions, CodeBuild, CodePipeline, RDS and CloudTrail check this "
        "when the resource is created; ECS, Glue, EventBridge and others fail when they first use the role.",
    error="InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda. / "
          "ECS was unable to assume the role 'arn:aws:iam::...:role/...' that was provided for this task.",
    broken='resource "aws_iam_role" "task" {\n  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{\n'
           '    Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]})\n}\n'
           'resource "aws_ecs_task_definition" "app" {\n  task_role_arn = aws_iam_role.task.arn\n  ...\n}',
    fixed='    Principal = { Service = "ecs-tasks.amazonaws.com" }',
    evidence=(
        "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services",
        "https://github.com/aws-samples/aws-ct-vpc-flowlogs/issues/1 (CloudFormation: role cannot be assumed by Lambda)",
        "https://github.com/nficano/python-lambda/issues/28 (CreateFunction InvalidParameterValueException)",
    ),
    limits="Only roles created in the same stack whose trust policy is known statically are judged; a trust "
           "statement with unknown principals, NotPrincipal or Principal \"*\" counts as trusting. The "
           "role-to-service table covers the services listed above.",
    check=check,
)
