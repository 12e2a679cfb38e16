from constructs import Construct
from cdktf import App, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.lb_target_group import LbTargetGroup


class QueueStack(TerraformStack):
    def __init__(self, scope: Construct, ns: str):
        super().__init__(scope, ns)
        AwsProvider(self, "aws", region="eu-west-1")
        LbTargetGroup(self, "web_targets", name="web-dev", port=443, protocol="HTTPS", target_type="ip",
                      vpc_id="vpc-0123456789abcdef0", load_balancing_cross_zone_enabled=True)


app = App()
QueueStack(app, "queues")
app.synth()
