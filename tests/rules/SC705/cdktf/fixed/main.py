from constructs import Construct
from cdktf import App, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue

SETTINGS = {"environment": "dev", "region": "eu-west-1"}


class QueueStack(TerraformStack):
    def __init__(self, scope: Construct, ns: str):
        super().__init__(scope, ns)
        AwsProvider(self, "aws", region="eu-west-1")
        SqsQueue(self, "jobs_queue", name=f"jobs-{SETTINGS['region']}")


app = App()
QueueStack(app, "queues")
app.synth()
