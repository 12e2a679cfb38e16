"""SC512: a subnet in a VPC's secondary CIDR block that can be created before that block is associated."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import cidr
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.network.vpcindex import tf, vpc_index

SUBNET = FieldMap({"aws_subnet": {"cidr": "cidr_block"}, "AWS::EC2::Subnet": {"cidr": "CidrBlock"}})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = vpc_index(stack)
    for subnet in SUBNET.resources(stack):
        net, vpc = idx.subnet_cidr(subnet), idx.vpc_of(subnet)
        if net is None or vpc is None or not idx.cidr_assocs.get(vpc.address):
            continue
        primary = cidr.parse(vpc.get("cidr_block" if tf(vpc) else "CidrBlock"))
        if primary is None or cidr.contains(primary, net):
            continue
        for assoc in idx.cidr_assocs[vpc.address]:
            block = cidr.parse(assoc.get("cidr_block" if tf(assoc) else "CidrBlock"))
            if block is None or not cidr.contains(block, net):
                continue
            if stack.depends_transitively(subnet, assoc.base_address):
                break
            cfn = subnet.framework == "cloudformation"
            yield RULE.finding(
                subnet, "DependsOn" if cfn else "depends_on",
                f"the subnet's block {net} lies in {vpc.address}'s secondary block {block}, added by "
                f"{assoc.address}, but nothing makes the subnet wait for that association: both are created in "
                f"parallel and CreateSubnet fails with InvalidSubnet.Range: The CIDR '{net}' is invalid",
                f"add DependsOn: {assoc.address} to the subnet" if cfn else
                f"add depends_on = [{assoc.address}] to the subnet, or take vpc_id from {assoc.address}.vpc_id",
            )
            break


RULE = Rule(
    id="SC512", name="subnet-before-secondary-cidr",
    title="Subnet in a secondary CIDR block does not wait for the block's association",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A subnet whose CIDR block lies in a secondary block of its VPC (aws_vpc_ipv4_cidr_block_association / "
          "AWS::EC2::VPCCidrBlock) and that neither references nor depends on that association.",
    why="The subnet references only the VPC, so Terraform and CloudFormation create it as soon as the VPC exists, "
        "in parallel with the CIDR association. Until the association completes the block is not the VPC's and "
        "EC2 rejects the subnet; the failure comes and goes with timing.",
    error="InvalidSubnet.Range: The CIDR '100.64.0.0/24' is invalid.",
    broken='resource "aws_vpc_ipv4_cidr_block_association" "pods" {\n  vpc_id = aws_vpc.main.id\n'
           '  cidr_block = "100.64.0.0/16"\n}\nresource "aws_subnet" "pods_a" {\n  vpc_id = aws_vpc.main.id\n'
           '  cidr_block = "100.64.0.0/24"\n}',
    fixed='resource "aws_subnet" "pods_a" {\n  vpc_id     = aws_vpc_ipv4_cidr_block_association.pods.vpc_id\n'
          '  cidr_block = "100.64.0.0/24"\n}',
    evidence=(
        "https://github.com/kubernetes/kops/pull/15841 (InvalidSubnet.Range until the additional CIDR is associated; "
        "fixed by a dependency)",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-vpccidrblock.html",
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html",
    ),
    limits="Only literal blocks are compared. Dependencies are followed through references and depends_on/DependsOn.",
    check=check,
)
