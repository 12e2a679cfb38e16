"""SC307: a container image with the mutable `latest` tag (or no tag)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.support import TASK_DEFINITION_TYPES, container_definitions, container_field


def _tag(image: object) -> str | None:
    """The tag, '' when there is none, None when it cannot be known or a digest pins it."""
    text = image if isinstance(image, str) else (
        image.parts[-1] if isinstance(image, Unknown) and image.parts and isinstance(image.parts[-1], str) else None)
    if text is None or "@sha256:" in text:
        return None
    last = text.rsplit("/", 1)[-1]
    if ":" in last:
        return last.rsplit(":", 1)[1]
    return "" if isinstance(image, str) else None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for task in stack.of_type(*TASK_DEFINITION_TYPES):
        attr, containers = container_definitions(task)
        for c in containers:
            image = container_field(c, "image")
            tag = _tag(image)
            if tag not in ("", "latest"):
                continue
            yield RULE.finding(
                task, attr,
                f'container image "{image}" ' + ("has no tag (so latest)" if tag == "" else "uses the mutable latest tag")
                + ": what runs depends on when a task starts, and a rollback cannot return to the previous image",
                "pin an immutable tag or a digest (a variable fed by the build pipeline), and make the ECR "
                "repository's tags IMMUTABLE",
            )


RULE = Rule(
    id="SC307", name="ecs-mutable-image-tag",
    title="Container image uses the mutable latest tag",
    severity="low", blocker=False, category="advisory",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="A container definition whose image ends in :latest or has no tag and no digest, including "
          "placeholder images such as nginx:latest.",
    why="ECS resolves the tag at deployment time; the same task definition can run different code, and "
        "rollbacks are not reproducible.",
    error="",
    broken='image = "nginx:latest"',
    fixed='image = var.processor_image   # e.g. ...dkr.ecr...amazonaws.com/processor:1.4.2',
    evidence=(
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-considerations.html",
        "https://aws.amazon.com/about-aws/whats-new/2024/07/amazon-ecs-software-version-consistency-containerized-applications",
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
    ),
    check=check,
    origin="seed",
)
