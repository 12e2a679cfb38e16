"""SC652: S3 event notifications to an SQS queue, SNS topic or Lambda function that does not let S3 send to it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.storage.s3 import action_matches, grants_service, notification_targets, policy_document

S3 = "s3.amazonaws.com"


@dataclass(frozen=True)
class Kind:
    """One destination service: its resource types, the action S3 needs, and where its policies live."""

    name: str
    dest_types: tuple[str, ...]
    action: str
    inline: str | None  # the destination's own policy attribute
    policy_types: dict[str, tuple[str, str]]  # policy type -> (attribute naming the destination, document attr)
    tf_fix: str
    cfn_fix: str


SQS = Kind("SQS queue", ("aws_sqs_queue", "AWS::SQS::Queue"), "sqs:SendMessage", "policy",
           {"aws_sqs_queue_policy": ("queue_url", "policy"), "AWS::SQS::QueuePolicy": ("Queues", "PolicyDocument"),
            "AWS::SQS::QueueInlinePolicy": ("Queue", "PolicyDocument")},
           "an aws_sqs_queue_policy allowing Service s3.amazonaws.com sqs:SendMessage (condition aws:SourceArn = "
           "the bucket ARN)",
           "an AWS::SQS::QueuePolicy allowing Service s3.amazonaws.com sqs:SendMessage, and DependsOn it from the "
           "bucket")
SNS = Kind("SNS topic", ("aws_sns_topic", "AWS::SNS::Topic"), "sns:Publish", "policy",
           {"aws_sns_topic_policy": ("arn", "policy"), "AWS::SNS::TopicPolicy": ("Topics", "PolicyDocument"),
            "AWS::SNS::TopicInlinePolicy": ("TopicArn", "PolicyDocument")},
           "an aws_sns_topic_policy allowing Service s3.amazonaws.com sns:Publish (condition aws:SourceArn = the "
           "bucket ARN)",
           "an AWS::SNS::TopicPolicy allowing Service s3.amazonaws.com sns:Publish, and DependsOn it from the bucket")
LAMBDA = Kind("Lambda function", ("aws_lambda_function", "AWS::Lambda::Function"), "lambda:InvokeFunction", None,
              {"aws_lambda_permission": ("function_name", ""), "AWS::Lambda::Permission": ("FunctionName", "")},
              "an aws_lambda_permission with principal = \"s3.amazonaws.com\", action = \"lambda:InvokeFunction\" "
              "and source_arn = the bucket ARN",
              "an AWS::Lambda::Permission with Principal s3.amazonaws.com (SourceArn written as "
              "arn:${AWS::Partition}:s3:::BUCKET-NAME, not !GetAtt Bucket.Arn), and DependsOn it from the bucket")

KINDS = {"sqs": SQS, "sns": SNS, "lambda": LAMBDA}


def _grants(stack: Stack, kind: Kind, policy: Resource) -> bool | None:
    if kind is LAMBDA:
        principal = policy.get("principal" if policy.framework == "terraform" else "Principal")
        action = policy.get("action" if policy.framework == "terraform" else "Action")
        if isinstance(principal, Unknown) or isinstance(action, Unknown):
            return None
        return principal == S3 and isinstance(action, str) and action_matches([action], kind.action)
    doc_attr = kind.policy_types[policy.type][1]
    return grants_service(policy_document(stack, policy.get(doc_attr)), S3, kind.action)


def _policies(stack: Stack, kind: Kind, dest: Resource) -> list[Resource]:
    out = []
    for user in stack.referrers.get(dest.base_address, ()):
        spec = kind.policy_types.get(user.type)
        if spec and (dest.base_address in user.refs_of(spec[0]) or dest.address in user.refs_of(spec[0])):
            out.append(user)
    return out


def _judge(stack: Stack, waiter: Resource, bucket: Resource, kind: Kind, dest: Resource, attr: str,
           fix: str) -> Iterator[Finding]:
    """Findings for one destination; `waiter` is what must be created after the permission."""
    granting: list[Resource] = []
    unsure = False
    inline = dest.get(kind.inline) if kind.inline and dest.framework == "terraform" else None
    if inline is not None:
        verdict = grants_service(policy_document(stack, inline), S3, kind.action)
        if verdict is None:
            return
        if verdict:
            return  # the destination carries its own policy, created with it
    for policy in _policies(stack, kind, dest):
        verdict = _grants(stack, kind, policy)
        unsure |= verdict is None
        if verdict:
            granting.append(policy)
    if not granting:
        if unsure:
            return
        yield RULE.finding(
            waiter, attr,
            f"events go to the {kind.name} {dest.address}, but nothing in the stack lets {S3} "
            f"{kind.action.split(':')[1]} to it: S3 test-sends to each destination and rejects the whole "
            "notification configuration (InvalidArgument: Unable to validate the following destination configurations)",
            f"add {fix}",
        )
        return
    if any(stack.depends_transitively(waiter, p.address) for p in granting):
        return
    cycle = next((p for p in granting if stack.depends_transitively(p, bucket.address)), None)
    if cycle is not None and waiter is bucket:
        yield RULE.finding(
            waiter, attr,
            f"the permission {cycle.address} for {dest.address} refers to this bucket, so CloudFormation creates it "
            "only after the bucket, whose notification configuration S3 validates at creation: the bucket fails "
            "with Unable to validate the following destination configurations",
            f"write the bucket ARN in {cycle.address} as a string (arn:${{AWS::Partition}}:s3:::NAME) and add "
            f"DependsOn: {cycle.address} to the bucket",
        )
        return
    names = ", ".join(p.address for p in granting)
    yield RULE.finding(
        waiter, attr,
        f"the notification to {dest.address} does not wait for {names}: the two are created in parallel and S3 "
        "may validate the destination before the permission exists (Unable to validate the following destination "
        "configurations)",
        ("add depends_on = [" + names + "]") if waiter.framework == "terraform" else f"add DependsOn: [{names}]",
        blocker=False, severity="medium",
    )


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for target in notification_targets(stack):
        kind = KINDS[target.service]
        dest = stack.resolve(target.value)
        if dest is not None and dest.type in kind.dest_types:
            fix = kind.tf_fix if stack.framework == "terraform" else kind.cfn_fix
            yield from _judge(stack, target.holder, target.bucket, kind, dest, target.path, fix)


RULE = Rule(
    id="SC652", name="s3-notification-destination-not-permitted",
    title="S3 event notification to a destination that does not allow S3",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_s3_bucket_notification / NotificationConfiguration entries whose SQS queue, SNS topic or Lambda "
          "function (in the stack) has no queue policy, topic policy or Lambda permission letting "
          "s3.amazonaws.com send to it; a CloudFormation Lambda permission that refers to the bucket (a creation "
          "order that always fails); and notifications that do not wait for the permission (warning).",
    why="PutBucketNotificationConfiguration test-publishes to every destination and fails when the destination's "
        "resource policy does not allow S3. The provider and CloudFormation do not order the permission before "
        "the notification unless the configuration says so.",
    error="InvalidArgument: Unable to validate the following destination configurations",
    broken='resource "aws_s3_bucket_notification" "uploads" {\n  bucket = aws_s3_bucket.uploads.id\n  queue {\n'
           '    queue_arn = aws_sqs_queue.ingest.arn\n    events    = ["s3:ObjectCreated:*"]\n  }\n}',
    fixed='resource "aws_sqs_queue_policy" "ingest" {\n  queue_url = aws_sqs_queue.ingest.id\n'
          '  policy    = data.aws_iam_policy_document.s3_to_sqs.json  # Service s3.amazonaws.com, sqs:SendMessage\n}\n'
          '# and in the notification: depends_on = [aws_sqs_queue_policy.ingest]',
    evidence=(
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_notification "
        "(examples: queue policy, lambda permission and depends_on)",
        "https://github.com/hashicorp/terraform/issues/19756",
        "https://github.com/hashicorp/terraform-provider-aws/issues/11219",
        "https://github.com/aws/aws-cdk/issues/5991",
    ),
    limits="Destinations outside the stack, policies that cannot be read statically (policy documents with "
           "unknown principals or merged documents) and aws_lambda_alias destinations are not judged. Conditions "
           "such as aws:SourceArn are not compared with the bucket.",
    check=check,
)
