"""SC304: a container is handed AWS resources to call but its task has no task role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import as_list, pieces
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.ecs.fields import TASK
from stackcheck.rules.support import container_definitions, container_field

# Services a container reaches with the task role's credentials when it is told a resource's name or ARN.
API_TYPES = {
    "aws_kinesis_stream", "AWS::Kinesis::Stream", "aws_s3_bucket", "AWS::S3::Bucket", "aws_sqs_queue",
    "AWS::SQS::Queue", "aws_sns_topic", "AWS::SNS::Topic", "aws_dynamodb_table", "AWS::DynamoDB::Table",
    "aws_kinesis_firehose_delivery_stream", "AWS::KinesisFirehose::DeliveryStream",
    "aws_sfn_state_machine", "AWS::StepFunctions::StateMachine", "aws_lambda_function", "AWS::Lambda::Function",
}


def _targets(stack: Stack, value: Any) -> list[str]:
    out = []
    for p in pieces(value):
        target = stack.resolve(p)
        if target is not None and target.type in API_TYPES:
            out.append(target.address)
    return out


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for task in TASK.resources(stack):
        if TASK.get(task, "task_role") is not None:
            continue
        _, containers = container_definitions(task)
        used: list[str] = []
        for c in containers:
            for env in as_list(container_field(c, "environment")):
                if isinstance(env, dict):
                    used += _targets(stack, env.get("value", env.get("Value")))
        if not used:
            continue
        attr = TASK.name(task, "task_role")
        yield RULE.finding(
            task, attr,
            f"the containers are given {', '.join(sorted(set(used)))} to use, but the task has no task role: "
            "the application gets no AWS credentials and every call to those services fails",
            f"create a role trusted by ecs-tasks.amazonaws.com with least-privilege access to them and set {attr}",
        )


RULE = Rule(
    id="SC304", name="ecs-task-role-missing",
    title="Containers are given AWS resources but the task has no task role",
    severity="high", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="A task definition without a task role whose container environment names or ARNs of the stack's "
          "streams, buckets, queues, topics, tables or functions.",
    why="The task role is the only source of AWS credentials inside an ECS task; the execution role is used "
        "by the agent, not by the application.",
    error="",
    broken="Environment:\n  - Name: INGEST_STREAM_NAME\n    Value: !Ref IngestStream   # and no TaskRoleArn",
    fixed="TaskRoleArn: !GetAtt TaskRole.Arn   # a role allowed kinesis:PutRecord(s) on the stream",
    evidence=(
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html",
        "../shared/seeds/002 (the stated requirement)",
    ),
    check=check,
    origin="seed",
)
