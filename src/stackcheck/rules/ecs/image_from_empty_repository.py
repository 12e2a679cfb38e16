"""SC302: a service starts tasks from an ECR repository that this same stack creates empty."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_int, pieces
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.ecs.fields import ECR_TYPES, SERVICE, task_definition_of
from stackcheck.rules.support import container_definitions, container_field, runs_code

# Resources that can push an image during the deploy (a build step wired to the repository).
PUSHERS = ("docker_registry_image", "docker_image", "aws_codebuild_project", "AWS::CodeBuild::Project")


def _repositories(stack: Stack, image: Any) -> list[Resource]:
    out = []
    for piece in pieces(image):
        target = stack.resolve(piece)
        if target is not None and target.type in ECR_TYPES:
            out.append(target)
    return out


def _pushed(stack: Stack, repo: Resource) -> bool:
    return any(res.type in PUSHERS or runs_code(res) for res in stack.referrers.get(repo.base_address, ()))


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for service in SERVICE.resources(stack):
        desired = SERVICE.get(service, "desired")
        count = as_int(desired) if desired is not None else (1 if service.framework == "cloudformation" else 0)
        if not count:
            continue
        task = task_definition_of(stack, service)
        if task is None:
            continue
        _, containers = container_definitions(task)
        for container in containers:
            for repo in _repositories(stack, container_field(container, "image")):
                if _pushed(stack, repo):
                    continue
                attr = SERVICE.name(service, "desired")
                yield RULE.finding(
                    service, attr,
                    f"the service starts {count} task(s) from {repo.address}, an ECR repository this stack creates "
                    "empty; no image can be in it yet, so every task fails with CannotPullContainerError and the "
                    "service never becomes healthy",
                    f"start with {attr} = 0 (and ignore_changes on it) until the pipeline has pushed an image, "
                    "or push the image as part of the deploy",
                    line=service.line_of(attr) if desired is not None else None,
                )
                break


RULE = Rule(
    id="SC302", name="ecs-image-from-empty-repository",
    title="ECS service runs an image from a repository created empty in the same stack",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="An ECS service with a desired count above zero whose task definition's image comes from an "
          "aws_ecr_repository / AWS::ECR::Repository created by the same stack, with nothing in the stack that "
          "pushes an image to it.",
    why="A new repository is empty. The service is created in the same apply and its tasks cannot pull the "
        "image; the deploy finishes (or CloudFormation waits for stabilisation and rolls back) with no running "
        "task.",
    error="CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref "
          "<account>.dkr.ecr.<region>.amazonaws.com/<repo>:latest: not found",
    broken='resource "aws_ecs_service" "app" {\n  desired_count = 2   # image: aws_ecr_repository.app.repository_url\n}',
    fixed='resource "aws_ecs_service" "app" {\n  desired_count = 0\n  lifecycle { ignore_changes = [desired_count] }\n}',
    evidence=(
        "https://repost.aws/knowledge-center/ecs-task-stopped",
        "https://github.com/aws/aws-cdk/issues/3646",
        "../shared/seeds/001 (the failure from a real deployment)",
    ),
    check=check,
    origin="seed",
)
