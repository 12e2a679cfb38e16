"""SC516: a security group rule that references a security group of another, unpeered VPC."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.network.sgrefs import SG_TYPES, group_references, peered_vpcs
from stackcheck.rules.network.vpcindex import vpc_index


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = vpc_index(stack)
    peered, open_ended = peered_vpcs(stack)
    if open_ended:
        return
    for ref in group_references(stack):
        other = stack.resolve(ref.referenced)
        if ref.group is None or other is None or other.type not in SG_TYPES:
            continue
        mine, theirs = idx.vpc_of(ref.group), idx.vpc_of(other)
        if mine is None or theirs is None or mine is theirs:
            continue
        if frozenset((mine.address, theirs.address)) in peered:
            continue
        yield RULE.finding(
            ref.rule, ref.attr,
            f"the rule of {ref.group.address} (in {mine.address}) references {other.address}, a security group of "
            f"{theirs.address}, and the two VPCs are not peered: EC2 rejects the rule with InvalidGroup.NotFound: "
            "You have specified two resources that belong to different networks",
            f"reference a security group of {mine.address}, use the other VPC's CIDR block as the source, or peer "
            "the VPCs (same region) and make the rule depend on the peering connection",
        )


RULE = Rule(
    id="SC516", name="security-group-reference-other-vpc",
    title="Security group rule references a group of another VPC",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An ingress or egress rule (inline, aws_security_group_rule, aws_vpc_security_group_*_rule, "
          "AWS::EC2::SecurityGroupIngress/Egress) whose group and referenced group both belong to VPCs of the stack, "
          "different ones, with no peering connection between them in the stack.",
    why="A security group can reference groups of its own VPC, or of a peered VPC in the same region. Otherwise "
        "AuthorizeSecurityGroupIngress/Egress fails; neither Terraform's plan nor cfn-lint compares the two VPCs.",
    error="InvalidGroup.NotFound: You have specified two resources that belong to different networks.",
    broken='resource "aws_security_group_rule" "db_from_app" {\n  security_group_id        = aws_security_group.db.id'
           '        # in aws_vpc.data\n  source_security_group_id = aws_security_group.app.id       # in aws_vpc.app\n}',
    fixed='  cidr_blocks = [aws_vpc.app.cidr_block]   # or peer the VPCs',
    evidence=(
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html (source: a security group for "
        "the same VPC or a peer VPC)",
        "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html",
        "GitHub code search: 'InvalidGroup.NotFound: You have specified two resources that belong to different "
        "networks' (Terraform and kOps bootstrap notes)",
    ),
    limits="Only groups whose VPCs are both created in the stack are compared. Any peering connection with a side "
           "outside the stack turns the rule off for the stack; peerings across regions are treated as valid.",
    check=check,
)
