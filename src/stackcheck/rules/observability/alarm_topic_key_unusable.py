"""SC852: an alarm or EventBridge rule publishes to an SNS topic whose KMS key the service may not use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model import iam
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.kms.key_specs import KEY

TOPIC = FieldMap({
    "aws_sns_topic": {"key": "kms_master_key_id"},
    "AWS::SNS::Topic": {"key": "KmsMasterKeyId"},
})
ALIAS = FieldMap({
    "aws_kms_alias": {"target": "target_key_id"},
    "AWS::KMS::Alias": {"target": "TargetKeyId"},
})
# Publishers that call SNS as an AWS service principal, and the fields that name their topics.
CLOUDWATCH = "cloudwatch.amazonaws.com"
EVENTS = "events.amazonaws.com"
PUBLISHERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "aws_cloudwatch_metric_alarm": (CLOUDWATCH, ("alarm_actions", "ok_actions", "insufficient_data_actions")),
    "aws_cloudwatch_composite_alarm": (CLOUDWATCH, ("alarm_actions", "ok_actions", "insufficient_data_actions")),
    "AWS::CloudWatch::Alarm": (CLOUDWATCH, ("AlarmActions", "OKActions", "InsufficientDataActions")),
    "AWS::CloudWatch::CompositeAlarm": (CLOUDWATCH, ("AlarmActions", "OKActions", "InsufficientDataActions")),
    "aws_cloudwatch_event_target": (EVENTS, ("arn",)),
    "AWS::Events::Rule": (EVENTS, ("Targets",)),
}
ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt")
WHAT = {CLOUDWATCH: "the alarm's notifications", EVENTS: "the rule's events"}
SYMPTOM = {
    CLOUDWATCH: "the alarm changes state but its history shows 'Failed to execute action arn:aws:sns:...: "
                "Received error: \"null (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException\"' "
                "and nobody is notified",
    EVENTS: "EventBridge counts FailedInvocations for the target and the events are dropped",
}


def _aws_managed(value: Any) -> bool:
    return isinstance(value, str) and (value == "alias/aws/sns" or value.endswith(":alias/aws/sns"))


def _stack_key(stack: Stack, value: Any) -> Resource | None:
    """The stack's KMS key a topic's key setting names, directly or through a stack alias."""
    res = stack.resolve(value)
    if res is not None and res.type in ALIAS.types:
        res = stack.resolve(ALIAS.get(res, "target"))
    return res if res is not None and res.type in KEY.types else None


def _topic_targets(stack: Stack, publisher: Resource, fields: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    for name in fields:
        value = publisher.get(name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):  # AWS::Events::Rule Targets: [{Arn: ..., Id: ...}]
                yield name, item.get("Arn")
            else:
                yield name, item


def _problem(stack: Stack, topic: Resource, service: str) -> str | None:
    """Why `service` cannot publish to `topic`, or None when it can (or we cannot tell)."""
    value = TOPIC.get(topic, "key")
    if _aws_managed(value):
        return ("is encrypted with the AWS managed key alias/aws/sns, whose key policy admits only SNS called "
                f"by principals of the account and cannot be edited to admit {service}")
    key = _stack_key(stack, value)
    if key is None:
        return None
    # A separate aws_kms_key_policy may replace the key's policy: then the key's own is not the one in force.
    if any(r.type == "aws_kms_key_policy" for r in stack.referrers.get(key.address, ())):
        return None
    raw = KEY.get(key, "policy")
    if raw is None:
        return (f"is encrypted with {key.address}, which has no policy and so gets the default key policy "
                f"(account root only): IAM permissions cannot grant a service principal such as {service}")
    policy = iam.document(stack, raw)
    if policy is None or iam.allows_service(policy, service, *ACTIONS) is not False:
        return None
    return f"is encrypted with {key.address}, whose key policy has no statement allowing {service}"


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for publisher in stack.of_type(*PUBLISHERS):
        service, fields = PUBLISHERS[publisher.type]
        seen: set[str] = set()
        for field_name, target in _topic_targets(stack, publisher, fields):
            topic = stack.resolve(target)
            if topic is None or topic.type not in TOPIC.types or topic.address in seen:
                continue
            seen.add(topic.address)
            why = _problem(stack, topic, service)
            if why is None:
                continue
            yield RULE.finding(
                publisher, field_name,
                f"{WHAT[service]} go to {topic.address}, which {why}. SNS needs "
                f"kms:GenerateDataKey* and kms:Decrypt on the topic's key for {service} to publish: {SYMPTOM[service]}",
                f"encrypt {topic.address} with a customer-managed key whose policy allows Principal "
                f'{{"Service": "{service}"}} kms:GenerateDataKey* and kms:Decrypt (keep the account-root '
                "statement), or leave the topic unencrypted",
            )


RULE = Rule(
    id="SC852", name="alarm-topic-key-unusable",
    title="Alarm or EventBridge rule publishes to an SNS topic whose KMS key it may not use",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="CloudWatch alarms (alarm/OK/insufficient-data actions) and EventBridge targets that publish to an SNS "
          "topic of the stack encrypted with the AWS managed key alias/aws/sns, or with a key of the stack whose "
          "key policy is the default one or has no Allow for the publishing service principal.",
    why="CloudWatch and EventBridge publish to SNS as the service principals cloudwatch.amazonaws.com and "
        "events.amazonaws.com, which need kms:GenerateDataKey* and kms:Decrypt on the topic's key. Only a key "
        "policy can grant a service principal, and the AWS managed key's policy cannot be changed: the stack "
        "deploys, and every notification is dropped.",
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
        "https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger",
        "https://repost.aws/knowledge-center/sns-not-getting-eventbridge-notification",
        "https://github.com/ASFHyP3/hyp3/issues/762",
        "https://github.com/ministryofjustice/opg-lpa/pull/713",
        "https://github.com/aws/aws-cdk/issues/11121",
        "https://github.com/awslabs/landing-zone-accelerator-on-aws/issues/31",
    ),
    limits="Topics and keys outside the stack are not judged, nor keys whose policy is replaced by a separate "
           "aws_kms_key_policy; a statement with Principal \"*\" or unknown principals counts as allowing. Other "
           "AWS publishers (S3 event notifications, CodeStar, Budgets, ...) need the same grant and are not "
           "covered yet.",
    check=check,
)
