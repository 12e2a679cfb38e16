"""SC540: a load balancer placed in one AZ (ALB), or in two subnets of the same AZ (any type)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model import cidr
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.loadbalancing.lbindex import LB, lb_index
from stackcheck.rules.network.vpcindex import subnet_az


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx = lb_index(stack)
    for lb in LB.resources(stack):
        subnets = idx.subnets(lb)
        if not subnets:
            continue
        attr = LB.name(lb, "mappings") if LB.get(lb, "mappings") else LB.name(lb, "subnets")
        dupes = cidr.duplicate_azs((s.address, subnet_az(s)) for s in subnets)
        for az, names in sorted(dupes.items()):
            yield RULE.finding(
                lb, attr,
                f"subnets {', '.join(map(str, names))} are both in availability zone {cidr.describe_az(az)}: "
                "CreateLoadBalancer fails with InvalidConfigurationRequest: A load balancer cannot be attached to multiple subnets in the "
                "same Availability Zone",
                "give the load balancer one subnet per availability zone",
            )
        if idx.lb_type(lb) != "application" or dupes or lb.get("customer_owned_ipv4_pool"):
            continue  # Network and Gateway Load Balancers may use one AZ; an ALB on Outposts uses one subnet
        azs = cidr.distinct_azs(subnet_az(s) for s in subnets)
        if azs is None or len(azs) > 1 or any(cidr.is_local_zone(a) for a in azs):
            continue  # unknown zones, or a Local Zone (where one is allowed)
        where = f" ({subnets[0].address})" if len(subnets) == 1 else ""
        if azs:
            where += f" in {cidr.describe_az(next(iter(azs)))}"
        yield RULE.finding(
            lb, attr,
            f"this Application Load Balancer is given subnets in only one availability zone{where}: "
            "CreateLoadBalancer fails with ValidationError: At least two subnets in two different Availability "
            "Zones must be specified",
            "list subnets in at least two availability zones (e.g. the public subnets of two AZs)",
        )


RULE = Rule(
    id="SC540", name="load-balancer-subnet-azs",
    title="Load balancer subnets: one AZ for an ALB, or two subnets in one AZ",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An Application Load Balancer whose subnets (or subnet mappings) cover fewer than two availability zones, "
          "and any load balancer given two subnets of the same availability zone.",
    why="An ALB needs subnets in at least two AZs, and every ELBv2 load balancer takes at most one subnet per AZ. "
        "Terraform validates neither; cfn-lint only counts the subnets (E3680), not their zones.",
    error="ValidationError: At least two subnets in two different Availability Zones must be specified / "
          "InvalidConfigurationRequest: A load balancer cannot be attached to multiple subnets in the same "
          "Availability Zone",
    broken='resource "aws_lb" "web" {\n  subnets = [aws_subnet.public_a.id, aws_subnet.private_a.id]  # both eu-west-1a\n}',
    fixed='  subnets = [aws_subnet.public_a.id, aws_subnet.public_b.id]',
    evidence=(
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html"
        "#availability-zones (at least two Availability Zones; one subnet per zone)",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
        "GitHub code search: 'A load balancer cannot be attached to multiple subnets in the same Availability Zone' "
        "(Terraform aws_lb and CloudFormation error reports)",
    ),
    limits="Subnets whose AZ is not a literal or an Fn::GetAZs index are not compared.",
    check=check,
)
