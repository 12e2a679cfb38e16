import aws_cdk as cdk
from aws_cdk import aws_sqs as sqs

app = cdk.App()
stack = cdk.Stack(app, "Ingest")
sqs.Queue(stack, "Jobs", visibility_timeout=cdk.Duration.seconds(30))
app.synth()
