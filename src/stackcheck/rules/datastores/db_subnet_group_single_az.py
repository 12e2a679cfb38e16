"""SC610: a DB subnet group whose subnets cover fewer than two availability zones."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.datastores.placement import az_label, azs_of, subnets_of

# RDS, Aurora, DocumentDB and Neptune share the DB subnet group API and its two-AZ requirement.
FIELDS = FieldMap({
    "aws_db_subnet_group": {"subnets": "subnet_ids"},
    "aws_docdb_subnet_group": {"subnets": "subnet_ids"},
    "aws_neptune_subnet_group": {"subnets": "subnet_ids"},
    "AWS::RDS::DBSubnetGroup": {"subnets": "SubnetIds"},
    "AWS::DocDB::DBSubnetGroup": {"subnets": "SubnetIds"},
    "AWS::Neptune::DBSubnetGroup": {"subnets": "SubnetIds"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for group in FIELDS.resources(stack):
        attr = FIELDS.name(group, "subnets")
        subnets = subnets_of(stack, FIELDS.get(group, "subnets"))
        if not subnets:
            continue
        azs = azs_of(subnets)
        if azs is None or len(azs) >= 2:
            continue
        names = ", ".join(s.address for s in subnets)
        where = az_label(next(iter(azs)))
        yield RULE.finding(
            group, attr,
            f"the subnet group's subnets ({names}) are all in {where}: RDS requires subnets in at least two "
            "availability zones and refuses the group (DBSubnetGroupDoesNotCoverEnoughAZs)",
            "add a subnet in a second availability zone to the group (a single-AZ instance still needs the "
            "two-AZ group)",
        )


RULE = Rule(
    id="SC610", name="db-subnet-group-single-az",
    title="DB subnet group covering a single availability zone",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An RDS, DocumentDB or Neptune DB subnet group whose subnets (resolved in the stack, including "
          "count-indexed subnets and splats) are all in one availability zone.",
    why="CreateDBSubnetGroup requires subnets in at least two AZs of the region, even for single-AZ "
        "instances; the check happens at apply time.",
    error="DBSubnetGroupDoesNotCoverEnoughAZs: The DB subnet group doesn't meet Availability Zone (AZ) coverage "
          "requirement. Current AZ coverage: us-east-1a. Add subnets to cover at least 2 AZs.",
    broken='resource "aws_db_subnet_group" "db" {\n  subnet_ids = [aws_subnet.data_a.id]\n}',
    fixed='resource "aws_db_subnet_group" "db" {\n  subnet_ids = [aws_subnet.data_a.id, aws_subnet.data_b.id]\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html "
        "(each DB subnet group should have subnets in at least two Availability Zones)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/17373",
        "https://github.com/terraform-aws-modules/terraform-aws-vpc/issues/821",
        "https://github.com/aws/aws-cdk/issues/8279",
    ),
    limits="Subnets outside the stack or whose AZ is not known statically (e.g. data source names by index) "
           "are not judged.",
    check=check,
)
