"""SC804: an on-demand Kinesis data stream that also sets a shard count."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, FieldMap, Rule

STREAM = FieldMap({
    "aws_kinesis_stream": {"mode": "stream_mode_details.stream_mode", "shards": "shard_count"},
    "AWS::Kinesis::Stream": {"mode": "StreamModeDetails.StreamMode", "shards": "ShardCount"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for stream in STREAM.resources(stack):
        mode, shards = STREAM.get(stream, "mode"), STREAM.get(stream, "shards")
        if mode != "ON_DEMAND" or shards is None:
            continue
        attr = STREAM.name(stream, "shards")
        yield RULE.finding(
            stream, attr,
            f"{attr} = {shards} on a stream in ON_DEMAND mode: on-demand streams scale their own shards, and the "
            + ("provider stops the plan with \"shard_count must not be set when stream_mode is ON_DEMAND\""
               if stream.framework == "terraform" else
               'CloudFormation fails with "ShardCount is not expected when StreamMode=ON_DEMAND"'),
            f"remove {attr}, or switch the stream mode to PROVISIONED to keep a fixed shard count",
        )


RULE = Rule(
    id="SC804", name="kinesis-on-demand-shard-count",
    title="On-demand Kinesis stream with a shard count",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="plan",
    finds="A Kinesis data stream whose stream mode is ON_DEMAND and which also sets shard_count / ShardCount.",
    why="CreateStream takes a shard count only in PROVISIONED mode. The Terraform provider rejects the pair in its "
        "plan-time diff check (not in `terraform validate`), and CloudFormation's handler refuses it at create; "
        "CDK used to emit ShardCount by default and broke every on-demand stream.",
    error="Error: shard_count must not be set when stream_mode is ON_DEMAND",
    broken='resource "aws_kinesis_stream" "events" {\n  name        = "events"\n  shard_count = 2\n'
           '  stream_mode_details { stream_mode = "ON_DEMAND" }\n}',
    fixed='resource "aws_kinesis_stream" "events" {\n  name = "events"\n'
          '  stream_mode_details { stream_mode = "ON_DEMAND" }\n}',
    evidence=(
        "https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html (ShardCount: not required "
        "in ON_DEMAND mode)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/36625",
        "https://github.com/aws/aws-cdk/issues/18247",
        "https://github.com/aws/aws-cdk/issues/18139",
    ),
    limits="A stream mode given by a variable without default is skipped.",
    check=check,
)
