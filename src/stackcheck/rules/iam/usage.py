"""Where a role is handed to an AWS service, and which service principal must be able to assume it.

Each entry cites the service guide page that names the trust-policy principal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_list


@dataclass(frozen=True)
class RoleUse:
    types: tuple[str, str]  # (Terraform type, CloudFormation type)
    paths: tuple[str, str]  # attribute path in each; "[]" after a name iterates a list
    service: str  # the principal that assumes the role
    what: str  # who uses it, for messages
    failure: str  # what happens when the service cannot assume it

    def path_for(self, res: Resource) -> str | None:
        for t, p in zip(self.types, self.paths, strict=True):
            if res.type == t:
                return p or None
        return None


_APPLY_LAMBDA = "CreateFunction fails: InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda."
ROLE_USES: tuple[RoleUse, ...] = (
    # https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
    RoleUse(("aws_lambda_function", "AWS::Lambda::Function"), ("role", "Role"), "lambda.amazonaws.com",
            "Lambda function execution role", _APPLY_LAMBDA),
    # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
    RoleUse(("aws_ecs_task_definition", "AWS::ECS::TaskDefinition"), ("execution_role_arn", "ExecutionRoleArn"),
            "ecs-tasks.amazonaws.com", "ECS task execution role",
            "the tasks never start: ECS was unable to assume the role"),
    # https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
    RoleUse(("aws_ecs_task_definition", "AWS::ECS::TaskDefinition"), ("task_role_arn", "TaskRoleArn"),
            "ecs-tasks.amazonaws.com", "ECS task role",
            "the tasks fail to start or get no credentials: ECS was unable to assume the role"),
    # https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html
    RoleUse(("aws_sfn_state_machine", "AWS::StepFunctions::StateMachine"), ("role_arn", "RoleArn"),
            "states.amazonaws.com", "Step Functions state machine role",
            "CreateStateMachine fails: AccessDeniedException: Neither the global service principal "
            "states.amazonaws.com, nor the regional one is authorized to assume the provided role."),
    # https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html
    RoleUse(("aws_codebuild_project", "AWS::CodeBuild::Project"), ("service_role", "ServiceRole"),
            "codebuild.amazonaws.com", "CodeBuild service role",
            "CreateProject fails: InvalidInputException: CodeBuild is not authorized to perform: sts:AssumeRole"),
    # https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role
    RoleUse(("aws_codepipeline", "AWS::CodePipeline::Pipeline"), ("role_arn", "RoleArn"),
            "codepipeline.amazonaws.com", "CodePipeline service role",
            "CreatePipeline fails: InvalidStructureException: CodePipeline is not authorized to perform "
            "AssumeRole on role"),
    # https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html
    RoleUse(("aws_glue_job", "AWS::Glue::Job"), ("role_arn", "Role"), "glue.amazonaws.com", "Glue job role",
            "job runs fail: Glue cannot assume the role"),
    RoleUse(("aws_glue_crawler", "AWS::Glue::Crawler"), ("role", "Role"), "glue.amazonaws.com", "Glue crawler role",
            "the crawler fails: Service is unable to assume provided role"),
    # https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html
    RoleUse(("aws_db_instance", "AWS::RDS::DBInstance"), ("monitoring_role_arn", "MonitoringRoleArn"),
            "monitoring.rds.amazonaws.com", "RDS enhanced monitoring role",
            "CreateDBInstance fails: InvalidParameterCombination: IAM role ARN value is invalid or does not "
            "include the required permissions for: ENHANCED_MONITORING"),
    # https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
    RoleUse(("aws_flow_log", "AWS::EC2::FlowLog"), ("iam_role_arn", "DeliverLogsPermissionArn"),
            "vpc-flow-logs.amazonaws.com", "VPC flow log delivery role",
            "no flow logs are delivered: the log destination role cannot be assumed"),
    # https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
    RoleUse(("aws_api_gateway_account", "AWS::ApiGateway::Account"), ("cloudwatch_role_arn", "CloudWatchRoleArn"),
            "apigateway.amazonaws.com", "API Gateway CloudWatch role",
            "UpdateAccount fails: BadRequestException: The role ARN does not have required permissions set to "
            "API Gateway"),
    # https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html
    RoleUse(("aws_eks_cluster", "AWS::EKS::Cluster"), ("role_arn", "RoleArn"), "eks.amazonaws.com",
            "EKS cluster role", "CreateCluster fails: the cluster role cannot be assumed by EKS"),
    # https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
    RoleUse(("aws_eks_node_group", "AWS::EKS::Nodegroup"), ("node_role_arn", "NodeRole"), "ec2.amazonaws.com",
            "EKS node role", "the nodes cannot get credentials and never join the cluster"),
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html
    RoleUse(("aws_iam_instance_profile", "AWS::IAM::InstanceProfile"), ("role", "Roles[]"), "ec2.amazonaws.com",
            "EC2 instance profile role", "instances launched with the profile get no credentials"),
    # https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html
    RoleUse(("aws_kinesis_firehose_delivery_stream", "AWS::KinesisFirehose::DeliveryStream"),
            ("extended_s3_configuration.role_arn", "ExtendedS3DestinationConfiguration.RoleARN"),
            "firehose.amazonaws.com", "Firehose delivery role",
            "CreateDeliveryStream fails: InvalidArgumentException: Firehose is unable to assume role"),
    # https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html
    RoleUse(("aws_cloudwatch_event_target", "AWS::Events::Rule"), ("role_arn", "Targets[].RoleArn"),
            "events.amazonaws.com", "EventBridge target role",
            "every invocation of the target fails: EventBridge cannot assume the role"),
    # https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
    RoleUse(("aws_scheduler_schedule", "AWS::Scheduler::Schedule"), ("target.role_arn", "Target.RoleArn"),
            "scheduler.amazonaws.com", "EventBridge Scheduler execution role",
            "every scheduled invocation fails: Scheduler cannot assume the role"),
    # https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
    RoleUse(("aws_cloudtrail", "AWS::CloudTrail::Trail"), ("cloud_watch_logs_role_arn", "CloudWatchLogsRoleArn"),
            "cloudtrail.amazonaws.com", "CloudTrail CloudWatch Logs role",
            "CreateTrail fails: InvalidCloudWatchLogsRoleArnException: Access denied. Verify in IAM that the "
            "role has adequate permissions."),
    # https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
    RoleUse(("aws_backup_selection", "AWS::Backup::BackupSelection"), ("iam_role_arn", "BackupSelection.IamRoleArn"),
            "backup.amazonaws.com", "AWS Backup selection role", "backup jobs fail: Backup cannot assume the role"),
)

ROLE_USE_TYPES = frozenset(t for use in ROLE_USES for t in use.types)


def values_at(res: Resource, path: str) -> Iterator[tuple[str, Any]]:
    """(attribute path, value) for a path whose `name[]` steps iterate lists."""
    head, sep, rest = path.partition("[].")
    if not sep:
        if path.endswith("[]"):
            base = path[:-2]
            for i, v in enumerate(as_list(res.get(base))):
                yield f"{base}.{i}", v
            return
        yield path, res.get(path)
        return
    for i, item in enumerate(as_list(res.get(head))):
        if isinstance(item, dict):
            yield f"{head}.{i}.{rest}", item.get(rest)


def role_uses(stack: Stack) -> Iterator[tuple[Resource, str, Any, RoleUse]]:
    """(user, attribute path, role value, use) for every role handed to a service in the stack."""
    for use in ROLE_USES:
        for res in stack.of_type(*use.types):
            path = use.path_for(res)
            if path is None:
                continue
            for attr, value in values_at(res, path):
                if value is not None:
                    yield res, attr, value, use
