from constructs import Construct
from cdktf import App, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider
import json

from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue


class QueueStack(TerraformStack):
    def __init__(self, scope: Construct, ns: str):
        super().__init__(scope, ns)
        AwsProvider(self, "aws", region="eu-west-1")
        dlq = SqsQueue(self, "jobs_dlq", name="jobs-dlq-dev")
        SqsQueue(self, "jobs_queue", name="jobs-dev",
                 redrive_policy=json.dumps({"deadLetterTargetArn": dlq.arn, "maxReceiveCount": 5}))


app = App()
QueueStack(app, "queues")
app.synth()
