"""SC814: an event source mapping on a DynamoDB table's ARN, or on the stream of a table that has no stream."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_bool
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.fields import MAPPING

_TABLES = ("aws_dynamodb_table", "AWS::DynamoDB::Table")
_STREAM_ATTRS = ("stream_arn", "StreamArn")


def stream_enabled(table: Resource) -> bool | None:
    """Whether a table has a stream: stream_enabled (default false) / a StreamSpecification."""
    if table.framework == "terraform":
        flag = table.get("stream_enabled")
        return False if flag is None else as_bool(flag)
    spec = table.get("StreamSpecification")
    if spec is None:
        return False
    view = spec.get("StreamViewType") if isinstance(spec, dict) else None
    return True if isinstance(view, str) else None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for mapping in MAPPING.resources(stack):
        source = MAPPING.get(mapping, "source")
        if not isinstance(source, Unknown) or source.parts or source.target_type not in _TABLES:
            continue
        table = stack.resolve(source)
        if table is None:
            continue
        attr = MAPPING.name(mapping, "source")
        stream_ref = "stream_arn" if table.framework == "terraform" else "!GetAtt TABLE.StreamArn"
        if source.attr in ("arn", "Arn"):
            yield RULE.finding(
                mapping, attr,
                f"{attr} is the ARN of the table {table.address}, not of its stream: Lambda reads DynamoDB only "
                "through DynamoDB Streams (arn:...:table/NAME/stream/LABEL) and CreateEventSourceMapping refuses "
                "the table ARN (InvalidParameterValueException)",
                f"use the table's {stream_ref}"
                + ("" if stream_enabled(table) else " and enable its stream"),
            )
        elif source.attr in _STREAM_ATTRS and stream_enabled(table) is False:
            enable = ('stream_enabled = true and stream_view_type = "NEW_AND_OLD_IMAGES"'
                      if table.framework == "terraform" else "StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}")
            yield RULE.finding(
                mapping, attr,
                f"{attr} reads the stream of {table.address}, which has no stream enabled: its stream ARN is empty "
                "and CreateEventSourceMapping fails (ValidationException: Value '' at 'eventSourceArn' failed to "
                "satisfy constraint)",
                f"enable the table's stream: {enable}",
            )


RULE = Rule(
    id="SC814", name="dynamodb-mapping-without-stream",
    title="Event source mapping on a DynamoDB table instead of an enabled stream",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A Lambda event source mapping whose source is a DynamoDB table's ARN (aws_dynamodb_table.X.arn, "
          "!GetAtt Table.Arn) rather than its stream ARN, or the stream ARN of a table that does not enable a "
          "stream (stream_enabled unset/false, no StreamSpecification).",
    why="Lambda polls DynamoDB through the table's stream; EventSourceArn must be the stream ARN. A table without a "
        "stream has no stream ARN (Terraform's stream_arn is empty), so the mapping cannot be created. The "
        "provider and cfn-lint accept both, as the attribute is just an ARN to them.",
    error="ValidationException: Value '' at 'eventSourceArn' failed to satisfy constraint: Member must satisfy "
          "regular expression pattern: arn:...; InvalidParameterValueException (table ARN or Stream not found)",
    broken='resource "aws_lambda_event_source_mapping" "orders" {\n'
           '  event_source_arn  = aws_dynamodb_table.orders.stream_arn\n'
           '  function_name     = aws_lambda_function.projector.arn\n  starting_position = "LATEST"\n}\n'
           '# aws_dynamodb_table.orders has no stream_enabled = true',
    fixed='resource "aws_dynamodb_table" "orders" {\n  # ...\n  stream_enabled   = true\n'
          '  stream_view_type = "NEW_AND_OLD_IMAGES"\n}',
    evidence=(
        "https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html (EventSourceArn: Amazon "
        "DynamoDB Streams - the ARN of the stream)",
        "https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html",
        "https://github.com/pulumi/pulumi-aws/issues/646 (Value '' at 'eventSourceArn' failed to satisfy "
        "constraint on a table without streams)",
        "https://github.com/pulumi/pulumi-aws/pull/654 (Table must be created with streamEnabled: true)",
        "https://github.com/aws/aws-cdk/issues/12119 (DynamoDB Streams must be enabled on the table)",
    ),
    limits="Only tables of the stack referenced directly are judged; a stream enabled by a variable without "
           "default, or a StreamSpecification built from a condition, is treated as unknown.",
    check=check,
)
