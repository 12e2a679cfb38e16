"""SC301: a container logs to an awslogs group that nothing creates."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import as_bool
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.ecs.fields import LOG_GROUP_TYPES
from stackcheck.rules.support import TASK_DEFINITION_TYPES, container_definitions, log_options


def _stack_log_group_names(stack: Stack) -> tuple[set[str], bool]:
    """Names of the log groups the stack creates or reads, and whether any name is unknown."""
    names: set[str] = set()
    unknown = False
    for res in [*stack.of_type(*LOG_GROUP_TYPES), *[d for d in stack.data_sources if d.type in LOG_GROUP_TYPES]]:
        name = res.get("name" if res.framework == "terraform" else "LogGroupName")
        if isinstance(name, str):
            names.add(name)
        else:
            unknown = True
    return names, unknown


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    names, some_unknown = _stack_log_group_names(stack)
    for task in stack.of_type(*TASK_DEFINITION_TYPES):
        attr, containers = container_definitions(task)
        for i, container in enumerate(containers):
            driver, options = log_options(container)
            if driver != "awslogs":
                continue
            group = options.get("awslogs-group")
            if as_bool(options.get("awslogs-create-group")) is True:
                continue
            if not isinstance(group, str) or group in names or some_unknown:
                continue  # a reference to a log group resource, or a name we cannot compare
            cname = container.get("name") or container.get("Name") or f"#{i}"
            path = f"{attr}.{i}.logConfiguration.options.awslogs-group" if task.framework == "terraform" \
                else f"{attr}.{i}.LogConfiguration.Options.awslogs-group"
            ref = "aws_cloudwatch_log_group.NAME.name" if task.framework == "terraform" else "!Ref LogGroup"
            yield RULE.finding(
                task, attr,
                f'container "{cname}" sends its logs to awslogs-group "{group}", but this stack creates no log group '
                "of that name and awslogs-create-group is not set: every task fails to start "
                "(ResourceInitializationError ... The specified log group does not exist)",
                f"create the log group in the stack and reference it (awslogs-group = {ref}), "
                'or set awslogs-create-group = "true" (the execution role then needs logs:CreateLogGroup)',
                line=task.line_of(path),
            )


RULE = Rule(
    id="SC301", name="ecs-awslogs-group-not-created",
    title="awslogs log group is never created",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="An ECS container definition whose awslogs-group is a name that no log group in the stack (resource "
          "or data source) has, without awslogs-create-group.",
    why="The awslogs driver writes to an existing log group; ECS does not create it unless awslogs-create-group "
        "is true. The deploy succeeds and every task stops before its container starts.",
    error="ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: "
          "failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist.",
    broken='logConfiguration = { logDriver = "awslogs", options = {\n  awslogs-group = "/ecs/processor-${var.env}"\n} }',
    fixed='logConfiguration = { logDriver = "awslogs", options = {\n  awslogs-group = aws_cloudwatch_log_group.processor.name\n} }',
    evidence=(
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html (awslogs-create-group)",
        "https://github.com/cn-terraform/terraform-aws-ecs-fargate-task-definition/issues/1",
        "https://github.com/ryfeus/stepfunctions2processing/issues/5",
    ),
    limits="A log group created outside the stack is reported too; suppress the finding for such stacks. "
           "Names that are only partly known are not compared.",
    check=check,
    origin="seed",
)
