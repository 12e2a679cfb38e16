from constructs import Construct
from cdktf import App, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider
from cdktf_cdktf_provider_aws.route_table import RouteTable, RouteTableRoute


class NetworkStack(TerraformStack):
    def __init__(self, scope: Construct, ns: str):
        super().__init__(scope, ns)
        AwsProvider(self, "aws", region="eu-west-1")
        RouteTable(self, "private_v6_routes", vpc_id="vpc-0123456789abcdef0",
                   route=[RouteTableRoute(ipv6_cidr_block="::/0", egress_only_gateway_id="eigw-0123456789abcdef0")])


app = App()
NetworkStack(app, "network")
app.synth()
