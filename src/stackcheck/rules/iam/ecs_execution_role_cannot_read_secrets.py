"""SC117: an ECS task whose execution role cannot read the secrets its containers inject."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model import iam
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_list, pieces
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.ecs.fields import TASK
from stackcheck.rules.support import container_definitions, container_field

SECRET_TYPES = ("aws_secretsmanager_secret", "aws_secretsmanager_secret_version", "AWS::SecretsManager::Secret")
PARAMETER_TYPES = ("aws_ssm_parameter", "AWS::SSM::Parameter")


def source(value: Any) -> str | None:
    """"secretsmanager" or "ssm" for a valueFrom / credentialsParameter value; None when not known."""
    for p in pieces(value):
        if isinstance(p, Unknown):
            if p.target_type in SECRET_TYPES:
                return "secretsmanager"
            if p.target_type in PARAMETER_TYPES:
                return "ssm"
        elif isinstance(p, str) and p:
            if p.startswith("arn:") and ":secretsmanager:" in p:
                return "secretsmanager"
            if (p.startswith("arn:") and ":ssm:" in p) or (p == value and not p.startswith("arn:")):
                return "ssm"  # a parameter ARN, or a bare parameter name in the task's Region
            return None
    return None


ACTIONS = {"secretsmanager": "secretsmanager:GetSecretValue", "ssm": "ssm:GetParameters"}


def _needs(containers: list[dict[str, Any]]) -> dict[str, str]:
    """source -> an example reference, over every container's secrets and registry credentials."""
    out: dict[str, str] = {}
    for c in containers:
        for s in as_list(container_field(c, "secrets")):
            if isinstance(s, dict):
                ref = s.get("valueFrom", s.get("ValueFrom"))
                kind = source(ref)
                if kind:
                    out.setdefault(kind, str(ref))
        creds = container_field(c, "repositoryCredentials")
        if isinstance(creds, dict):
            ref = creds.get("credentialsParameter", creds.get("CredentialsParameter"))
            if source(ref) == "secretsmanager":
                out.setdefault("secretsmanager", str(ref))
    return out


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for task in TASK.resources(stack):
        role = iam.role_of(stack, TASK.get(task, "exec_role"))
        if role is None:
            continue
        _, containers = container_definitions(task)
        needs = _needs(containers)
        if not needs:
            continue
        perms = iam.role_permissions(stack, role)
        for kind, ref in sorted(needs.items()):
            action = ACTIONS[kind]
            if perms.grants(action) is not False:
                continue
            yield RULE.finding(
                task, TASK.name(task, "exec_role"),
                f"containers read {ref} from {'Secrets Manager' if kind == 'secretsmanager' else 'SSM Parameter Store'}, "
                f"but the execution role {role.address} has no policy allowing {action}: the tasks never start "
                f"(ResourceInitializationError: unable to pull secrets or registry auth ... AccessDeniedException)",
                f"give {role.address} a policy allowing {action} on the referenced "
                f"{'secrets' if kind == 'secretsmanager' else 'parameters'} (and kms:Decrypt when they are "
                "encrypted with a customer managed key)",
            )


RULE = Rule(
    id="SC117", name="ecs-execution-role-cannot-read-secrets",
    title="ECS execution role without access to the task's secrets",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="An ECS task definition whose containers take secrets (secrets[].valueFrom, repositoryCredentials) "
          "from Secrets Manager or SSM Parameter Store while its execution role, created in the stack with all "
          "its policies known, grants no secretsmanager:GetSecretValue / ssm:GetParameters. "
          "AmazonECSTaskExecutionRolePolicy alone does not include them.",
    why="The ECS agent fetches secrets with the task execution role before the containers start; without the "
        "permission every task stops during initialization, and the service never reaches its desired count.",
    error="ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval "
          "failed: unable to retrieve secret from asm: ... AccessDeniedException: User: ... is not authorized to "
          "perform: secretsmanager:GetSecretValue",
    broken='execution_role_arn = aws_iam_role.exec.arn  # only AmazonECSTaskExecutionRolePolicy\n'
           'container_definitions = jsonencode([{ secrets = [{ name = "DB_PASSWORD", '
           'valueFrom = aws_secretsmanager_secret.db.arn }] }])',
    fixed='resource "aws_iam_role_policy" "exec_secrets" {\n  role = aws_iam_role.exec.id\n  policy = jsonencode({ '
          'Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", '
          'Resource = aws_secretsmanager_secret.db.arn }] })\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html",
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html#task-execution-secrets",
        "https://github.com/aws/copilot-cli/issues/3104 (unable to retrieve secrets from ssm: AccessDeniedException)",
        "https://github.com/GovWifi/govwifi-terraform/pull/450",
    ),
    limits="Silent unless every policy of the execution role is visible (see SC116). Only the action is "
           "checked, not that the statement's Resource covers the particular secret; KMS permissions for "
           "customer managed keys are not checked.",
    check=check,
)
