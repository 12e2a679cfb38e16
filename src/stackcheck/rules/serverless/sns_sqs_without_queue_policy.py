"""SC809: an SQS queue subscribed to an SNS topic without a queue policy: every message is dropped."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_list
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.fields import QUEUE, QUEUE_POLICY_TYPES, SUBSCRIPTION, TOPIC, resolve_typed

_POLICY_QUEUES = {"aws_sqs_queue_policy": "queue_url", "AWS::SQS::QueuePolicy": "Queues"}


def _policy_targets(stack: Stack) -> tuple[set[str], bool]:
    """Addresses of queues that some queue policy names, and whether a policy names a queue we cannot place."""
    covered: set[str] = set()
    unplaced = False
    for policy in stack.of_type(*QUEUE_POLICY_TYPES):
        for value in as_list(policy.get(_POLICY_QUEUES[policy.type])):
            queue = resolve_typed(stack, value, QUEUE)
            if queue is not None:
                covered.add(queue.address)
            elif isinstance(value, Unknown):
                unplaced = True
            elif isinstance(value, str):
                unplaced = True  # a literal URL: compared by name below
                covered.add(value.rsplit("/", 1)[-1])
    return covered, unplaced


def _subscriptions(stack: Stack) -> Iterator[tuple[Resource, str | None, object, object]]:
    """(resource, attribute, protocol, endpoint) of every subscription, standalone or inline in a topic."""
    for sub in SUBSCRIPTION.resources(stack):
        yield sub, SUBSCRIPTION.name(sub, "endpoint"), SUBSCRIPTION.get(sub, "protocol"), \
            SUBSCRIPTION.get(sub, "endpoint")
    for topic in TOPIC.resources(stack):
        if topic.framework == "cloudformation":
            for i, inline in enumerate(as_list(topic.get("Subscription"))):
                if isinstance(inline, dict):
                    yield topic, f"Subscription.{i}.Endpoint", inline.get("Protocol"), inline.get("Endpoint")


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    covered, unplaced = _policy_targets(stack)
    reported: set[str] = set()
    for res, attr, protocol, endpoint in _subscriptions(stack):
        if not isinstance(protocol, str) or protocol.lower() != "sqs":
            continue
        queue = resolve_typed(stack, endpoint, QUEUE)
        if queue is None or queue.address in covered or queue.address in reported:
            continue
        if QUEUE.get(queue, "policy") is not None:
            continue  # Terraform's inline queue policy
        name = QUEUE.get(queue, "name")
        if unplaced and (not isinstance(name, str) or name in covered):
            continue
        reported.add(queue.address)
        policy_type = "aws_sqs_queue_policy" if res.framework == "terraform" else "AWS::SQS::QueuePolicy"
        yield RULE.finding(
            res, attr,
            f"queue {queue.address} is subscribed to an SNS topic, but no queue policy lets SNS send to it: the "
            "subscription is created and confirmed, and SNS cannot deliver a single message (sqs:SendMessage is "
            "denied, the delivery is dropped after its retries)",
            f"add a {policy_type} for {queue.address} allowing principal sns.amazonaws.com to sqs:SendMessage, "
            "with an aws:SourceArn condition on the topic ARN",
        )


RULE = Rule(
    id="SC809", name="sns-sqs-without-queue-policy",
    title="SQS queue subscribed to SNS without a queue policy",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="An SNS subscription with protocol sqs whose endpoint is a queue of this stack that no queue policy "
          "(aws_sqs_queue_policy, the queue's policy argument, AWS::SQS::QueuePolicy) covers.",
    why="SNS delivers to SQS as the service principal sns.amazonaws.com, which only the queue's resource policy "
        "can authorize. Without it the stack deploys, the subscription is confirmed automatically, and every "
        "publish is silently dropped.",
    error="(no deploy error) SNS delivery to the queue fails with AccessDenied; NumberOfNotificationsFailed rises "
          "and the queue stays empty",
    broken='resource "aws_sns_topic_subscription" "audit" {\n  topic_arn = aws_sns_topic.events.arn\n'
           '  protocol  = "sqs"\n  endpoint  = aws_sqs_queue.audit.arn\n}\n# no aws_sqs_queue_policy for audit',
    fixed='resource "aws_sqs_queue_policy" "audit" {\n  queue_url = aws_sqs_queue.audit.id\n'
          '  policy    = data.aws_iam_policy_document.audit_from_sns.json\n}',
    evidence=(
        "https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html (step 2: give permission "
        "to the Amazon SNS topic to send messages to the Amazon SQS queue)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/1342",
        "https://github.com/hashicorp/terraform-provider-aws/issues/40863",
        "https://github.com/MassTransit/MassTransit/issues/1525 (delivery log: AccessDenied, statusCode 403)",
        "https://github.com/microsoft/aspire/pull/3333",
    ),
    limits="The policy's statements are not evaluated: any queue policy naming the queue counts. A policy attached "
           "to the queue by another stack is not seen; suppress the finding then. KMS-encrypted queues also need "
           "a key policy for SNS, which this rule does not check.",
    check=check,
)
