"""SC852: alarms, EventBridge rules and SNS subscriptions delivering to a topic or queue whose KMS key the
delivering service may not use: the stack deploys and the deliveries are dropped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.kms.service_key_access import DESTINATION, fix, key_problem

CLOUDWATCH = "cloudwatch.amazonaws.com"
EVENTS = "events.amazonaws.com"
SNS = "sns.amazonaws.com"
# Deliverers, the service principal they use, and the fields naming their destinations.
DELIVERERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "aws_cloudwatch_metric_alarm": (CLOUDWATCH, ("alarm_actions", "ok_actions", "insufficient_data_actions")),
    "aws_cloudwatch_composite_alarm": (CLOUDWATCH, ("alarm_actions", "ok_actions", "insufficient_data_actions")),
    "AWS::CloudWatch::Alarm": (CLOUDWATCH, ("AlarmActions", "OKActions", "InsufficientDataActions")),
    "AWS::CloudWatch::CompositeAlarm": (CLOUDWATCH, ("AlarmActions", "OKActions", "InsufficientDataActions")),
    "aws_cloudwatch_event_target": (EVENTS, ("arn",)),
    "AWS::Events::Rule": (EVENTS, ("Targets",)),
    "aws_sns_topic_subscription": (SNS, ("endpoint",)),
    "AWS::SNS::Subscription": (SNS, ("Endpoint",)),
}
WHAT = {CLOUDWATCH: "the alarm's notifications", EVENTS: "the rule's events", SNS: "the topic's messages"}
SYMPTOM = {
    CLOUDWATCH: "the alarm changes state but its history shows 'Failed to execute action ...: Received error: "
                "\"null (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException\"' and nobody is "
                "notified",
    EVENTS: "EventBridge counts FailedInvocations for the target and the events are dropped",
    SNS: "SNS cannot deliver to the queue (KMS AccessDenied) and the messages are lost after its retries",
}


def _destinations(res: Resource, fields: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    for name in fields:
        value = res.get(name)
        for item in value if isinstance(value, list) else [value]:
            # AWS::Events::Rule Targets: [{Arn: ..., Id: ...}]
            yield name, item.get("Arn") if isinstance(item, dict) else item


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in stack.of_type(*DELIVERERS):
        service, fields = DELIVERERS[res.type]
        seen: set[str] = set()
        for field_name, target in _destinations(res, fields):
            dest = stack.resolve(target)
            if dest is None or dest.type not in DESTINATION.types or dest.address in seen:
                continue
            seen.add(dest.address)
            problem = key_problem(stack, dest, service)
            if problem is None:
                continue
            yield RULE.finding(
                res, field_name,
                f"{WHAT[service]} go to {dest.address}, which {problem.clause}. {service} needs kms:GenerateDataKey* and "
                f"kms:Decrypt on that key to deliver: {SYMPTOM[service]}",
                fix(dest, service),
            )


RULE = Rule(
    id="SC852", name="delivery-key-unusable",
    title="Alarm, EventBridge rule or SNS subscription delivers to a topic or queue whose KMS key it may not use",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="CloudWatch alarms (alarm/OK/insufficient-data actions) and EventBridge targets delivering to an SNS "
          "topic or SQS queue of the stack, and SNS subscriptions delivering to an SQS queue of the stack, whose "
          "encryption uses the AWS managed key (alias/aws/sns, alias/aws/sqs) or a key of the stack whose policy "
          "is the default one or has no Allow for the delivering service principal.",
    why="CloudWatch, EventBridge and SNS deliver as the service principals cloudwatch.amazonaws.com, "
        "events.amazonaws.com and sns.amazonaws.com, which need kms:GenerateDataKey* and kms:Decrypt on the "
        "destination's key. Only a key policy can grant a service principal, and the AWS managed keys' policies "
        "cannot be changed: the stack deploys, and every delivery is dropped.",
    error='Failed to execute action arn:aws:sns:<region>:<account>:<topic>. Received error: "null (Service: '
          'AWSKMS; Status Code: 400; Error Code: AccessDeniedException; ...)"',
    broken='resource "aws_sns_topic" "alarms" {\n  kms_master_key_id = "alias/aws/sns"\n}\n'
           'resource "aws_cloudwatch_metric_alarm" "errors" {\n  alarm_actions = [aws_sns_topic.alarms.arn]\n}',
    fixed='resource "aws_kms_key" "alarms" {\n  policy = jsonencode({ Statement = [ {root kms:*}, {Principal = '
          '{Service = "cloudwatch.amazonaws.com"}, Action = ["kms:GenerateDataKey*", "kms:Decrypt"], '
          'Resource = "*"} ] })\n}\nresource "aws_sns_topic" "alarms" {\n'
          '  kms_master_key_id = aws_kms_key.alarms.arn\n}',
    evidence=(
        "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services",
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html"
        "#compatibility-with-aws-services",
        "https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger",
        "https://repost.aws/knowledge-center/sns-not-getting-eventbridge-notification",
        "https://github.com/ASFHyP3/hyp3/issues/762",
        "https://github.com/ministryofjustice/opg-lpa/pull/713",
        "https://github.com/aws/aws-cdk/issues/11121",
        "https://github.com/aws/aws-cdk/issues/30549",
        "https://github.com/awslabs/landing-zone-accelerator-on-aws/issues/31",
    ),
    limits="Topics, queues and keys outside the stack are not judged, nor keys whose policy is replaced by a "
           "separate aws_kms_key_policy; a statement with Principal \"*\" or unknown principals counts as "
           "allowing. S3 event notifications are SC660 (they fail at deploy). Other publishers (CodeStar, Budgets, "
           "DMS, ...) need the same grant and are not covered.",
    check=check,
)
