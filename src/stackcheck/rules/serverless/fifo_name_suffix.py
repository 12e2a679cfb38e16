"""SC807: a FIFO queue or topic whose name lacks the .fifo suffix, or a standard one whose name has it."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.serverless.fields import QUEUE, TOPIC, is_fifo_queue, is_fifo_topic


def _checked(stack: Stack) -> Iterator[tuple[Resource, FieldMap, bool | None, str]]:
    for queue in QUEUE.resources(stack):
        yield queue, QUEUE, is_fifo_queue(queue), "queue"
    for topic in TOPIC.resources(stack):
        yield topic, TOPIC, is_fifo_topic(topic), "topic"


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res, fields, fifo, noun in _checked(stack):
        name = fields.get(res, "name")
        if fifo is None or not isinstance(name, str):
            continue
        flag = fields.name(res, "fifo")
        attr = fields.name(res, "name")
        tf = res.framework == "terraform"
        if fifo and not name.endswith(".fifo"):
            said = (f'the provider stops the plan ("invalid {noun} name: {name}")' if tf
                    else f"Create{noun.title()} refuses it")
            yield RULE.finding(
                res, attr,
                f'FIFO {noun} named "{name}": a FIFO {noun} name must end in ".fifo", so {said}',
                f'name it "{name}.fifo"',
            )
        elif not fifo and name.endswith(".fifo"):
            said = (f'the provider stops the plan ("invalid {noun} name: {name}")' if tf
                    else f"Create{noun.title()} refuses the name (\".\" is allowed only in the .fifo suffix of a "
                         f"FIFO {noun})")
            yield RULE.finding(
                res, attr,
                f'{noun} "{name}" ends in ".fifo" but {flag} is not true: it would be a standard {noun}, and {said}',
                f"set {flag} = true for a FIFO {noun}, or drop the .fifo suffix for a standard one",
            )


RULE = Rule(
    id="SC807", name="fifo-name-suffix",
    title="FIFO queue or topic name and FIFO flag disagree",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="plan",
    finds="An SQS queue or SNS topic marked FIFO whose literal name does not end in .fifo, or one not marked FIFO "
          "whose name ends in .fifo.",
    why="SQS and SNS require FIFO names to end in .fifo and allow '.' nowhere else. The Terraform provider checks "
        "the name against the FIFO flag in its plan-time diff, which `terraform validate` does not run; "
        "CloudFormation passes the name to CreateQueue/CreateTopic.",
    error="Error: invalid queue name: orders",
    broken='resource "aws_sqs_queue" "orders" {\n  name       = "orders"\n  fifo_queue = true\n}',
    fixed='resource "aws_sqs_queue" "orders" {\n  name       = "orders.fifo"\n  fifo_queue = true\n}',
    evidence=(
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html (QueueName: "
        "a FIFO queue name must end with the .fifo suffix)",
        "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (Name: for a FIFO topic, the name must end "
        "with the .fifo suffix)",
        "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/sqs/queue.go "
        "(resourceQueueCustomizeDiff: invalid queue name)",
    ),
    limits="Only literal names; a generated name (name_prefix, or no name in CloudFormation) gets the suffix "
           "automatically and is not checked.",
    check=check,
)
