"""ECS field names per framework, shared by the ECS rules."""

from __future__ import annotations

from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import FieldMap

TASK = FieldMap({
    "aws_ecs_task_definition": {"exec_role": "execution_role_arn", "task_role": "task_role_arn"},
    "AWS::ECS::TaskDefinition": {"exec_role": "ExecutionRoleArn", "task_role": "TaskRoleArn"},
})
SERVICE = FieldMap({
    "aws_ecs_service": {"task": "task_definition", "desired": "desired_count", "lbs": "load_balancer",
                        "tg": "target_group_arn", "registries": "service_registries",
                        "connect": "service_connect_configuration", "controller": "deployment_controller",
                        "strategy": "deployment_configuration.strategy"},
    "AWS::ECS::Service": {"task": "TaskDefinition", "desired": "DesiredCount", "lbs": "LoadBalancers",
                          "tg": "TargetGroupArn", "registries": "ServiceRegistries",
                          "connect": "ServiceConnectConfiguration", "controller": "DeploymentController",
                          "strategy": "DeploymentConfiguration.Strategy"},
})
LOG_GROUP_TYPES = ("aws_cloudwatch_log_group", "AWS::Logs::LogGroup")
ECR_TYPES = ("aws_ecr_repository", "AWS::ECR::Repository")


def task_definition_of(stack: Stack, service: Resource) -> Resource | None:
    task = stack.resolve(SERVICE.get(service, "task"))
    return task if task is not None and task.type in TASK.types else None
