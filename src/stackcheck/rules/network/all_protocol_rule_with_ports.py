"""SC524: an inline security group rule with protocol "-1" (all) and ports other than 0."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import as_int, as_list
from stackcheck.rules.base import Context, Rule

ALL = ("-1", "all")


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for sg in stack.of_type("aws_security_group"):
        for block_attr in ("ingress", "egress"):
            for i, rule in enumerate(as_list(sg.get(block_attr))):
                if not isinstance(rule, dict) or str(rule.get("protocol", "")).lower() not in ALL:
                    continue
                ports = (as_int(rule.get("from_port")), as_int(rule.get("to_port")))
                if None in ports or ports == (0, 0):
                    continue
                yield RULE.finding(
                    sg, f"{block_attr}.{i}",
                    f"this {block_attr} block allows all protocols (protocol = \"{rule.get('protocol')}\") with "
                    f"from_port {ports[0]} and to_port {ports[1]}: the provider refuses it at apply with "
                    f"from_port ({ports[0]}) and to_port ({ports[1]}) must both be 0 to use the 'ALL' \"-1\" "
                    "protocol! (EC2 would ignore the ports, so the rule would open every port)",
                    "set from_port = 0 and to_port = 0 to allow all traffic, or use protocol \"tcp\" to allow only "
                    f"ports {ports[0]}-{ports[1]}",
                    line=sg.line_of(f"{block_attr}.{i}"),
                )


RULE = Rule(
    id="SC524", name="all-protocol-rule-with-ports",
    title="Inline all-protocol security group rule with ports",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform",), stage="apply",
    finds="An ingress or egress block of aws_security_group with protocol \"-1\" (or \"all\") and a from_port or "
          "to_port other than 0.",
    why="EC2 stores no ports for an all-protocol rule. So that a port range is not silently widened to every port, "
        "the provider's aws_security_group refuses such blocks when it builds the API request, after plan has "
        "succeeded.",
    error="from_port (80) and to_port (80) must both be 0 to use the 'ALL' \"-1\" protocol!",
    broken='ingress {\n  from_port   = 0\n  to_port     = 65535\n  protocol    = "-1"\n  self        = true\n}',
    fixed='ingress {\n  from_port   = 0\n  to_port     = 0\n  protocol    = "-1"\n  self        = true\n}',
    evidence=(
        "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/ec2/vpc_security_group.go "
        "(expandIPPerms: from_port and to_port must both be 0 to use the 'ALL' \"-1\" protocol)",
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html (-1: all protocols; "
        "port ranges are ignored)",
        "GitHub code search: 'updating Security Group (sg-...) ingress rules: from_port (80) and to_port (80) must "
        "both be 0 to use the 'ALL' \"-1\" protocol!'",
    ),
    limits="Terraform only: CloudFormation passes the rule to EC2, which accepts it and ignores the ports (cfn-lint "
           "warns, W3687). aws_security_group_rule accepts such ports for compatibility, and "
           "aws_vpc_security_group_*_rule is not covered.",
    check=check,
)
