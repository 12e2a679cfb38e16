import aws_cdk as cdk
from aws_cdk.aws_s3 import Bucket, LifecycleRule

app = cdk.App()
stack = cdk.Stack(app, "Ingest")
Bucket(stack, "Raw", lifecycle_rules=[LifecycleRule(expiration=cdk.Duration.days(30))])
app.synth()
