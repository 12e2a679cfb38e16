"""SC303: a Fargate task definition that needs an execution role and has none."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, pieces
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.ecs.fields import ECR_TYPES, TASK
from stackcheck.rules.support import container_definitions, container_field, is_fargate, log_options


def _needs(stack: Stack, containers: list[dict[str, object]]) -> str | None:
    for c in containers:
        driver, _ = log_options(c)
        if driver == "awslogs":
            return "log driver awslogs"
        image = container_field(c, "image")
        for p in pieces(image):
            if (isinstance(p, str) and ".dkr.ecr." in p) or (isinstance(p, Unknown) and p.target_type in ECR_TYPES):
                return "ECR images"
        if container_field(c, "secrets"):
            return "secrets"
        if container_field(c, "repositoryCredentials"):
            return "private registry authentication"
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for task in TASK.resources(stack):
        if not is_fargate(task) or TASK.get(task, "exec_role") is not None:
            continue
        _, containers = container_definitions(task)
        need = _needs(stack, containers)
        if need is None:
            continue
        attr = TASK.name(task, "exec_role")
        yield RULE.finding(
            task, attr,
            f"a Fargate task definition using {need} needs an execution role, and {attr} is not set; "
            f"RegisterTaskDefinition fails: Fargate requires task definition to have execution role ARN to "
            f"support {need}",
            f"create a role trusted by ecs-tasks.amazonaws.com with AmazonECSTaskExecutionRolePolicy and set {attr}",
        )


RULE = Rule(
    id="SC303", name="fargate-task-without-execution-role",
    title="Fargate task definition without the execution role it needs",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A task definition requiring FARGATE, with no execution role, whose containers use the awslogs driver, "
          "an ECR image, secrets or registry credentials.",
    why="On Fargate the agent pulls images, writes logs and reads secrets with the task execution role; "
        "ECS refuses to register a task definition that needs it without one.",
    error="ClientException: Fargate requires task definition to have execution role ARN to support log driver awslogs.",
    broken="ProcessorTaskDefinition:\n  Type: AWS::ECS::TaskDefinition\n  Properties:\n    RequiresCompatibilities: [FARGATE]\n"
           "    ContainerDefinitions: [{LogConfiguration: {LogDriver: awslogs}}]",
    fixed="    ExecutionRoleArn: !GetAtt TaskExecutionRole.Arn",
    evidence=(
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html",
        "https://github.com/hashicorp/terraform-provider-aws/issues/3051",
        "https://github.com/virtual-kubelet/virtual-kubelet/issues/193",
    ),
    check=check,
    origin="seed",
)
