"""Variants of the network and load-balancing rules beyond their broken/fixed fixtures: the cases where a rule
must stay silent (unknown values, peered VPCs, Local Zones) and the less common spellings it must catch."""

from __future__ import annotations

from pathlib import Path

from stackcheck.scan import scan

FIXTURES = Path(__file__).parent


def _findings(directory: Path, rule_id: str) -> list:
    result = scan([str(directory)])
    assert not result.errors, result.errors
    return [f for f in result.findings if f.rule_id == rule_id]


def _base(rule: str, fw: str = "terraform") -> str:
    name = "main.tf" if fw == "terraform" else "template.yaml"
    return (FIXTURES / rule / fw / "fixed" / name).read_text()


def test_sc510_subnet_in_secondary_block_is_inside(write) -> None:
    extra = '''
resource "aws_vpc_ipv4_cidr_block_association" "extra" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "100.64.0.0/16"
}

resource "aws_subnet" "pods" {
  vpc_id     = aws_vpc_ipv4_cidr_block_association.extra.vpc_id
  cidr_block = "100.64.1.0/24"
}
'''
    assert _findings(write({"main.tf": _base("SC510") + extra}), "SC510") == []


def test_sc510_silent_when_vpc_block_is_unknown(write) -> None:
    text = _base("SC510").replace('cidr_block           = "10.20.0.0/16"', "cidr_block           = var.vpc_cidr")
    text += '\nvariable "vpc_cidr" {\n  type = string\n}\n'
    assert _findings(write({"main.tf": text}), "SC510") == []


def test_sc511_counted_subnets_with_one_index(write) -> None:
    extra = '''
resource "aws_subnet" "data" {
  count      = 2
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.20.40.0/24"
}
'''
    found = _findings(write({"main.tf": _base("SC511") + extra}), "SC511")
    assert [f.resource for f in found] == ["aws_subnet.data[1]"]


def test_sc516_peered_vpcs_may_reference_each_other(write) -> None:
    text = (FIXTURES / "SC516" / "terraform" / "broken" / "main.tf").read_text()
    assert _findings(write({"main.tf": text}), "SC516")
    peering = '''
resource "aws_vpc_peering_connection" "tooling" {
  vpc_id      = aws_vpc.main.id
  peer_vpc_id = aws_vpc.tooling.id
  auto_accept = true
}
'''
    assert _findings(write({"main.tf": text + peering}), "SC516") == []


def test_sc517_gateway_never_attached(write) -> None:
    text = _base("SC517").replace('resource "aws_internet_gateway" "tooling" {\n  vpc_id = aws_vpc.tooling.id\n}',
                                  'resource "aws_internet_gateway" "tooling" {\n}')
    text = text.replace("    gateway_id = aws_internet_gateway.main.id", "    gateway_id = aws_internet_gateway.tooling.id")
    found = _findings(write({"main.tf": text}), "SC517")
    assert found and "not attached to any VPC" in found[0].message


def test_sc518_nat_gateway_in_vpc_without_internet_gateway_cloudformation(write) -> None:
    text = _base("SC518", "cloudformation")
    for block in ("  InternetGateway:\n    Type: AWS::EC2::InternetGateway\n\n",
                  "  GatewayAttachment:\n    Type: AWS::EC2::VPCGatewayAttachment\n    Properties:\n"
                  "      VpcId: !Ref Vpc\n      InternetGatewayId: !Ref InternetGateway\n\n"):
        assert block in text
        text = text.replace(block, "")
    text = text.replace("    DependsOn: GatewayAttachment\n", "")
    text = text.replace("      DestinationCidrBlock: 0.0.0.0/0\n      GatewayId: !Ref InternetGateway\n",
                        "      DestinationCidrBlock: 10.99.0.0/16\n      NatGatewayId: !Ref NatGateway\n")
    found = _findings(write({"template.yaml": text}), "SC518")
    assert [f.resource for f in found] == ["NatGateway"] and found[0].blocker
    assert "has no internet gateway attached" in found[0].message


def test_sc520_route_over_the_local_route(write) -> None:
    extra = '''
resource "aws_route" "vpc_via_nat" {
  route_table_id         = aws_route_table.private.id
  destination_cidr_block = "10.20.0.0/16"
  nat_gateway_id         = aws_nat_gateway.main.id
}
'''
    found = _findings(write({"main.tf": _base("SC520") + extra}), "SC520")
    assert found and "local route" in found[0].message


def test_sc520_inline_and_separate_default_route(write) -> None:
    extra = '''
resource "aws_route" "public_default" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main.id
}
'''
    found = _findings(write({"main.tf": _base("SC520") + extra}), "SC520")
    assert [f.resource for f in found] == ["aws_route.public_default"]


def test_sc540_alb_in_one_zone(write) -> None:
    text = _base("SC540").replace("subnets            = [aws_subnet.public_a.id, aws_subnet.public_b.id]",
                                  "subnets            = [aws_subnet.public_a.id]")
    found = _findings(write({"main.tf": text}), "SC540")
    assert found and "At least two subnets" in found[0].message


def test_sc540_single_zone_allowed_for_nlb_and_local_zones(write) -> None:
    one = "subnets            = [aws_subnet.public_a.id]"
    text = _base("SC540").replace("subnets            = [aws_subnet.public_a.id, aws_subnet.public_b.id]", one)
    nlb = text.replace('load_balancer_type = "application"', 'load_balancer_type = "network"').replace(
        'protocol    = "HTTP"', 'protocol    = "TCP"').replace('protocol          = "HTTP"', 'protocol          = "TCP"')
    assert _findings(write({"main.tf": nlb}), "SC540") == []
    local = text.replace('availability_zone       = "eu-west-1a"', 'availability_zone       = "eu-west-1-lax-1a"')
    assert _findings(write({"main.tf": local}), "SC540") == []


def test_sc540_silent_for_subnets_from_variables(write) -> None:
    text = _base("SC540").replace("subnets            = [aws_subnet.public_a.id, aws_subnet.public_b.id]",
                                  "subnets            = var.public_subnet_ids")
    text += '\nvariable "public_subnet_ids" {\n  type    = list(string)\n  default = ["subnet-0a1"]\n}\n'
    assert _findings(write({"main.tf": text}), "SC540") == []


def test_sc541_one_private_subnet_is_not_a_blocker(write) -> None:
    text = _base("SC541").replace("subnets            = [aws_subnet.public_a.id, aws_subnet.public_b.id]",
                                  "subnets            = [aws_subnet.public_a.id, aws_subnet.private_b.id]")
    found = _findings(write({"main.tf": text}), "SC541")
    assert len(found) == 1 and not found[0].blocker


def test_sc541_internal_load_balancer_is_fine(write) -> None:
    text = (FIXTURES / "SC541" / "terraform" / "broken" / "main.tf").read_text()
    assert _findings(write({"main.tf": text.replace("internal           = false", "internal           = true")}),
                     "SC541") == []


def test_sc541_subnets_routed_through_a_firewall_are_not_judged(write) -> None:
    text = (FIXTURES / "SC541" / "terraform" / "broken" / "main.tf").read_text()
    text = text.replace("  nat_gateway_id         = aws_nat_gateway.main.id",
                        "  vpc_endpoint_id        = var.firewall_endpoint_id")
    text += '\nvariable "firewall_endpoint_id" {\n  type    = string\n  default = "vpce-0abc"\n}\n'
    assert _findings(write({"main.tf": text}), "SC541") == []


def test_sc546_bridge_mode_with_ip_target_group(write) -> None:
    text = _base("SC546").replace('network_mode             = "awsvpc"', 'network_mode             = "bridge"')
    text = text.replace('requires_compatibilities = ["FARGATE"]', 'requires_compatibilities = ["EC2"]')
    found = _findings(write({"main.tf": text}), "SC546")
    assert found and "target type ip" in found[0].message


def test_sc547_listener_rule_of_second_load_balancer(write) -> None:
    extra = '''
resource "aws_lb" "admin" {
  name               = "orders-admin"
  load_balancer_type = "application"
  internal           = true
  subnets            = [aws_subnet.private_a.id, aws_subnet.private_b.id]
}

resource "aws_lb_listener" "admin" {
  load_balancer_arn = aws_lb.admin.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = "404"
    }
  }
}

resource "aws_lb_listener_rule" "admin_api" {
  listener_arn = aws_lb_listener.admin.arn

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }

  condition {
    path_pattern {
      values = ["/api/*"]
    }
  }
}
'''
    found = _findings(write({"main.tf": _base("SC547") + extra}), "SC547")
    assert [f.resource for f in found] == ["aws_lb_listener_rule.admin_api"]


def test_sc523_association_resource_counts(write) -> None:
    text = (FIXTURES / "SC523" / "terraform" / "broken" / "main.tf").read_text()
    assert _findings(write({"main.tf": text}), "SC523")
    extra = '''
resource "aws_vpc_endpoint_route_table_association" "s3_private" {
  vpc_endpoint_id = aws_vpc_endpoint.s3.id
  route_table_id  = aws_route_table.private.id
}
'''
    assert _findings(write({"main.tf": text + extra}), "SC523") == []


def test_sc522_endpoint_security_group_of_other_vpc(write) -> None:
    text = (FIXTURES / "SC515" / "terraform" / "fixed" / "main.tf").read_text()
    assert _findings(write({"main.tf": text}), "SC522") == []
    other = '''
resource "aws_vpc" "tooling" {
  cidr_block = "10.90.0.0/16"
}
'''
    moved = text.replace('description = "HTTPS from the VPC to interface endpoints"\n  vpc_id      = aws_vpc.main.id',
                         'description = "HTTPS from the VPC to interface endpoints"\n  vpc_id      = aws_vpc.tooling.id')
    assert moved != text
    found = _findings(write({"main.tf": moved + other}), "SC522")
    assert [f.resource for f in found] == ["aws_vpc_endpoint.ecr_api"]
