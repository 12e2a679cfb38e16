import pulumi
import pulumi_aws as aws

logs = aws.cloudwatch.LogGroup(
    "ingest-logs",
    name="/ingest/dev",
    retention_days=14,
)
pulumi.export("log_group", logs.name)
