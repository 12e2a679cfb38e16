"""SC541: an internet-facing load balancer in subnets without a route to an internet gateway."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.loadbalancing.lbindex import LB, lb_index
from stackcheck.rules.network.vpcindex import vpc_index


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    idx, net = lb_index(stack), vpc_index(stack)
    for lb in LB.resources(stack):
        if idx.internet_facing(lb) is not True or idx.lb_type(lb) not in ("application", "network"):
            continue
        subnets, vpc = idx.subnets(lb), idx.vpc(lb)
        if not subnets or vpc is None:
            continue
        attr = LB.name(lb, "mappings") if LB.get(lb, "mappings") else LB.name(lb, "subnets")
        fix = ("place the load balancer in public subnets (route table with 0.0.0.0/0 to the internet gateway), "
               "or make it internal")
        if net.vpc_has_igw(vpc) is False:
            yield RULE.finding(
                lb, attr,
                f"this internet-facing load balancer is in {vpc.address}, which has no internet gateway in the "
                "stack: CreateLoadBalancer fails with InvalidSubnet: VPC vpc-... has no internet gateway",
                f"attach an internet gateway to {vpc.address} and route the load balancer's subnets to it, or make "
                "the load balancer internal",
            )
            continue
        routes = {s.address: net.internet_route(s) for s in subnets}
        if None in routes.values():
            continue
        private = sorted(a for a, public in routes.items() if not public)
        if not private:
            continue
        every = len(private) == len(routes)
        yield RULE.finding(
            lb, attr,
            (f"this internet-facing load balancer is only in subnets without a route to an internet gateway "
             f"({', '.join(private)}): it deploys and gets public DNS, but no client on the internet can reach it"
             if every else
             f"subnets {', '.join(private)} of this internet-facing load balancer have no route to an internet "
             "gateway: the load balancer's nodes in those zones are in DNS but unreachable, so a share of client "
             "connections time out"),
            fix, blocker=every,
        )


RULE = Rule(
    id="SC541", name="internet-facing-lb-private-subnets",
    title="Internet-facing load balancer in private subnets",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="An internet-facing Application or Network Load Balancer whose subnets' route tables have no route to an "
          "internet gateway (all of them: blocker; some: a share of connections fails), or whose VPC has no "
          "internet gateway at all.",
    why="The nodes of an internet-facing load balancer get public addresses in its subnets, and answer only if "
        "those subnets route to the internet gateway. Passing the private subnets (often the same list as the "
        "tasks') deploys cleanly and times out for every client.",
    error="(runtime) client connections time out; without any internet gateway: InvalidSubnet: VPC vpc-... has no "
          "internet gateway",
    broken='resource "aws_lb" "web" {\n  internal = false\n  subnets  = [aws_subnet.private_a.id, aws_subnet.private_b.id]\n}',
    fixed='  subnets = [aws_subnet.public_a.id, aws_subnet.public_b.id]',
    evidence=(
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html"
        "#subnets-load-balancer (internet-facing: public subnets)",
        "https://repost.aws/knowledge-center/public-load-balancer-private-ec2",
        "convox install troubleshooting (GitHub code search: 'VPC vpc-... has no internet gateway' as a "
        "CloudFormation CREATE_FAILED reason)",
    ),
    limits="Silent when a subnet's route table is unknown or has a default route to a firewall endpoint, transit "
           "gateway or appliance.",
    check=check,
)
