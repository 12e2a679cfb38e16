import pulumi
import pulumi_aws as aws

config = {"environment": "dev", "region": "eu-west-1"}
bucket = aws.s3.BucketV2("raw", bucket=f"raw-data-{config['region']}")
pulumi.export("bucket", bucket.bucket)
