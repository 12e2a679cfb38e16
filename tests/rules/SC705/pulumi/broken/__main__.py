import pulumi
import pulumi_aws as aws

config = {"environment": "dev"}
bucket = aws.s3.BucketV2("raw", bucket=f"raw-data-{config['region']}")
pulumi.export("bucket", bucket.bucket)
