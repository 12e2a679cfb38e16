"""SC820: an EventBridge rule that targets an SQS queue or SNS topic whose resource policy does not let it send."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_list
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.storage.s3 import grants_service, policy_document

EVENTS = "events.amazonaws.com"


@dataclass(frozen=True)
class Kind:
    name: str
    types: tuple[str, ...]
    action: str
    inline: str | None  # the Terraform resource's own policy argument
    policies: dict[str, tuple[str, str]]  # policy type -> (attribute naming the destination, document attribute)
    fix_tf: str
    fix_cfn: str


SQS = Kind("SQS queue", ("aws_sqs_queue", "AWS::SQS::Queue"), "sqs:SendMessage", "policy",
           {"aws_sqs_queue_policy": ("queue_url", "policy"), "AWS::SQS::QueuePolicy": ("Queues", "PolicyDocument")},
           "an aws_sqs_queue_policy", "an AWS::SQS::QueuePolicy")
SNS = Kind("SNS topic", ("aws_sns_topic", "AWS::SNS::Topic"), "sns:Publish", "policy",
           {"aws_sns_topic_policy": ("arn", "policy"), "AWS::SNS::TopicPolicy": ("Topics", "PolicyDocument")},
           "an aws_sns_topic_policy", "an AWS::SNS::TopicPolicy")


def _targets(stack: Stack) -> Iterator[tuple[Resource, str, Any]]:
    for target in stack.of_type("aws_cloudwatch_event_target"):
        yield target, "arn", target.get("arn")
    for rule in stack.of_type("AWS::Events::Rule"):
        for i, spec in enumerate(as_list(rule.get("Targets"))):
            if isinstance(spec, dict):
                yield rule, f"Targets.{i}.Arn", spec.get("Arn")


def _policies_by_destination(stack: Stack, kind: Kind) -> tuple[dict[str, list[Resource]], bool]:
    """Resource policies by the address of the queue/topic they attach to; True when one cannot be placed."""
    out: dict[str, list[Resource]] = {}
    unplaced = False
    for policy in stack.of_type(*kind.policies):
        for value in as_list(policy.get(kind.policies[policy.type][0])):
            dest = stack.resolve(value)
            if dest is not None and dest.type in kind.types:
                out.setdefault(dest.address, []).append(policy)
            else:
                unplaced = True
    return out, unplaced


def _verdict(stack: Stack, kind: Kind, dest: Resource, policies: list[Resource]) -> bool | None:
    """Does some policy let EventBridge send? None when a policy cannot be read."""
    docs = [policy_document(stack, p.get(kind.policies[p.type][1])) for p in policies]
    if kind.inline and dest.framework == "terraform" and dest.get(kind.inline) is not None:
        docs.append(policy_document(stack, dest.get(kind.inline)))
    unsure = False
    for doc in docs:
        verdict = grants_service(doc, EVENTS, kind.action)
        if verdict:
            return True
        unsure |= verdict is None
    return None if unsure else False


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    indexes = {kind.name: _policies_by_destination(stack, kind) for kind in (SQS, SNS)}
    verdicts: dict[str, bool | None] = {}  # destination address -> EventBridge allowed, computed once
    for holder, attr, arn in _targets(stack):
        dest = stack.resolve(arn)
        kind = next((k for k in (SQS, SNS) if dest is not None and dest.type in k.types), None)
        if kind is None or dest is None:
            continue
        by_dest, unplaced = indexes[kind.name]
        if unplaced:
            continue
        if dest.address not in verdicts:
            verdicts[dest.address] = _verdict(stack, kind, dest, by_dest.get(dest.address, []))
        if verdicts[dest.address] is not False:
            continue
        fix = kind.fix_tf if holder.framework == "terraform" else kind.fix_cfn
        yield RULE.finding(
            holder, attr,
            f"the rule sends to the {kind.name} {dest.address}, whose resource policy does not let {EVENTS} "
            f"{kind.action.split(':')[1]}: the target is accepted and every delivery fails (FailedInvocations rises, "
            "nothing arrives)",
            f"add {fix} allowing principal {EVENTS} to {kind.action} on {dest.address}, with an aws:SourceArn "
            "condition on the rule ARN",
        )


RULE = Rule(
    id="SC820", name="event-target-without-resource-policy",
    title="EventBridge target queue or topic without a resource policy for EventBridge",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="aws_cloudwatch_event_target / AWS::Events::Rule targets that are an SQS queue or SNS topic of the stack "
          "when no queue or topic policy of the stack (nor the queue's or topic's own policy argument) allows "
          "events.amazonaws.com to sqs:SendMessage / sns:Publish.",
    why="EventBridge delivers to SQS and SNS as its service principal, which only the queue's or topic's resource "
        "policy can authorize (the console adds that policy, IaC does not). The rule and target are created, and "
        "each delivery is refused.",
    error="(no deploy error) FailedInvocations on the rule; the queue or topic receives nothing",
    broken='resource "aws_cloudwatch_event_target" "audit" {\n  rule = aws_cloudwatch_event_rule.audit.name\n'
           '  arn  = aws_sqs_queue.audit.arn\n}\n# no aws_sqs_queue_policy for audit',
    fixed='resource "aws_sqs_queue_policy" "audit" {\n  queue_url = aws_sqs_queue.audit.id\n'
          '  policy    = data.aws_iam_policy_document.events_to_audit.json  # events.amazonaws.com, sqs:SendMessage\n}',
    evidence=(
        "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html (Amazon SQS and Amazon "
        "SNS permissions for EventBridge targets)",
        "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html (rule triggered but "
        "the SQS queue/SNS topic received nothing: missing permissions)",
        "https://github.com/buildkite/on-demand/pull/26 (the queue permission is not added by default; the rule "
        "cannot send until it is)",
        "https://github.com/noqdev/iambic/pull/354 (without the SQS resource policy EventBridge cannot push messages)",
        "https://github.com/cloudposse/terraform-aws-cloudwatch-events/pull/46 (missing SNS topic policy for "
        "EventBridge drops deliveries)",
    ),
    limits="Policy documents that cannot be read statically, policies attached to a queue or topic we cannot place, "
           "and destinations outside the stack silence the rule. KMS-encrypted queues and topics also need a key "
           "policy for EventBridge, which this rule does not check.",
    check=check,
)
