"""Reasoning that several rules share, written once."""

from __future__ import annotations

from typing import Any

from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_list, decoded

TASK_DEFINITION_TYPES = ("aws_ecs_task_definition", "AWS::ECS::TaskDefinition")
# Resources that run commands or code during the deploy (local-exec provisioners, custom resources): they
# can create what the model does not see (an integration made with the CLI, an image pushed to ECR).
RUNS_CODE = ("null_resource", "terraform_data", "AWS::CloudFormation::CustomResource")


def runs_code(res: Resource) -> bool:
    return res.type in RUNS_CODE or res.type.startswith("Custom::")


def container_definitions(res: Resource) -> tuple[str, list[dict[str, Any]]]:
    """(attribute name, containers) of an ECS task definition in either framework."""
    if res.framework == "terraform":
        doc = decoded(res.get("container_definitions"))
        return "container_definitions", [c for c in as_list(doc) if isinstance(c, dict)]
    return "ContainerDefinitions", [c for c in as_list(res.get("ContainerDefinitions")) if isinstance(c, dict)]


def log_options(container: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """(log driver, options) of a container, with either framework's key spelling."""
    conf = container.get("logConfiguration") or container.get("LogConfiguration") or {}
    if not isinstance(conf, dict):
        return None, {}
    driver = conf.get("logDriver") or conf.get("LogDriver")
    options = conf.get("options") or conf.get("Options") or {}
    return (driver if isinstance(driver, str) else None), (options if isinstance(options, dict) else {})


def container_field(container: dict[str, Any], name: str) -> Any:
    """A container field in Terraform's camelCase or CloudFormation's PascalCase."""
    return container.get(name, container.get(name[0].upper() + name[1:]))


def is_fargate(res: Resource) -> bool:
    compat = res.get("requires_compatibilities") if res.framework == "terraform" else res.get("RequiresCompatibilities")
    return any(c == "FARGATE" for c in as_list(compat))


def referenced(stack: Stack, value: Any, *types: str) -> Resource | None:
    """The stack resource of one of `types` that `value` refers to, if any."""
    target = stack.resolve(value)
    if target is not None and (not types or target.type in types):
        return target
    return None


def refers_to_type(value: Any, *types: str) -> bool:
    return isinstance(value, Unknown) and value.target_type in types


def tf_bool_default(value: Any, default: bool) -> bool | None:
    from stackcheck.model.values import as_bool

    if value is None:
        return default
    return as_bool(value)
