import aws_cdk as cdk
from aws_cdk import aws_s3 as s3

app = cdk.App()
stack = cdk.Stack(app, "Ingest")
s3.Bucket(stack, "Raw", versioning=True)
app.synth()
