"""SC514: an interface endpoint with private DNS in a VPC without DNS support or DNS hostnames."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import as_bool
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.network.vpcindex import vpc_index

ENDPOINT = FieldMap({
    "aws_vpc_endpoint": {"type": "vpc_endpoint_type", "dns": "private_dns_enabled"},
    "AWS::EC2::VPCEndpoint": {"type": "VpcEndpointType", "dns": "PrivateDnsEnabled"},
})
# VPC attribute -> (API name, default when omitted): both frameworks default support on, hostnames off.
VPC_DNS = {
    "terraform": (("enable_dns_support", "enableDnsSupport", True), ("enable_dns_hostnames", "enableDnsHostnames", False)),
    "cloudformation": (("EnableDnsSupport", "enableDnsSupport", True), ("EnableDnsHostnames", "enableDnsHostnames", False)),
}


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = vpc_index(stack)
    for ep in ENDPOINT.resources(stack):
        if ENDPOINT.get(ep, "type", "Gateway") != "Interface" or as_bool(ENDPOINT.get(ep, "dns")) is not True:
            continue
        vpc = idx.vpc_of(ep)
        if vpc is None:
            continue
        off = []
        for attr, api, default in VPC_DNS[vpc.framework]:
            raw = vpc.get(attr)
            value = default if raw is None else as_bool(raw)
            if value is False:
                off.append((attr, api, raw is None))
        if not off:
            continue
        what = " and ".join(f"{attr} is " + ("not set (false by default)" if unset else "false")
                            for attr, _, unset in off)
        yield RULE.finding(
            ep, ENDPOINT.name(ep, "dns"),
            f"private DNS is enabled on this interface endpoint, but on {vpc.address} {what}: CreateVpcEndpoint fails "
            "with InvalidParameter: Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC "
            "attributes set to true",
            f"set {' and '.join(a for a, _, _ in off)} to true on {vpc.address} (or disable private DNS and use the "
            "endpoint's own DNS names)",
        )


RULE = Rule(
    id="SC514", name="endpoint-private-dns-without-vpc-dns",
    title="Interface endpoint private DNS in a VPC without DNS hostnames",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An interface VPC endpoint with private DNS enabled whose VPC (in the stack) has DNS support or DNS "
          "hostnames disabled, including by default: enable_dns_hostnames / EnableDnsHostnames are false unless set.",
    why="Private DNS for an interface endpoint is a private hosted zone that only works with the VPC resolver and "
        "DNS hostnames on; EC2 refuses to create the endpoint otherwise. Terraform and CloudFormation both leave "
        "DNS hostnames off by default, so a new VPC plus an endpoint with private DNS fails on first apply.",
    error="InvalidParameter: Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC "
          "attributes set to true for vpc-0123456789abcdef0",
    broken='resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }\nresource "aws_vpc_endpoint" "ecr_api" {\n'
           '  vpc_endpoint_type   = "Interface"\n  private_dns_enabled = true\n  ...\n}',
    fixed='resource "aws_vpc" "main" {\n  cidr_block           = "10.0.0.0/16"\n  enable_dns_support   = true\n'
          '  enable_dns_hostnames = true\n}',
    evidence=(
        "https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-"
        "private-dns (you must enable DNS hostnames and DNS resolution for your VPC)",
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html#vpc-dns-support (defaults)",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc#enable_dns_hostnames "
        "(defaults false)",
        "GitHub code search: 'Enabling private DNS requires both enableDnsSupport and enableDnsHostnames' in "
        "Terraform troubleshooting notes (InvalidParameter on aws_vpc_endpoint create)",
    ),
    limits="Only endpoints whose VPC is created in the stack; VPC attributes from variables are not guessed.",
    check=check,
)
