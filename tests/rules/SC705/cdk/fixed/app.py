import aws_cdk as cdk
from aws_cdk import aws_sqs as sqs
settings = {"environment": "dev", "region": "eu-west-1"}

app = cdk.App()
stack = cdk.Stack(app, "Ingest")
sqs.Queue(stack, "Jobs", queue_name=f"jobs-{settings['region']}")
app.synth()
