import aws_cdk as cdk
from aws_cdk.aws_s3 import Bucket, BucketLifecycleRule

app = cdk.App()
stack = cdk.Stack(app, "Ingest")
Bucket(stack, "Raw", lifecycle_rules=[BucketLifecycleRule(expiration=cdk.Duration.days(30))])
app.synth()
