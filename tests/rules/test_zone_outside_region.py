"""SC525: zone names are read with their region; unknown regions and other zone forms stay silent."""

from __future__ import annotations

import pytest

from stackcheck.scan import scan

PROVIDER = 'provider "aws" {\n  region = "REGION"\n}\n'


def sc525(write, region: str, body: str) -> list[str]:
    root = write({"main.tf": (PROVIDER.replace("REGION", region) if region else "") + body})
    return [f"{f.resource} {f.attribute}" for f in scan([str(root)]).findings if f.rule_id == "SC525"]


@pytest.mark.parametrize("region, zone, reported", [
    ("eu-west-1", "us-east-1a", True),
    ("eu-west-1", "eu-west-1c", False),
    ("us-gov-west-1", "us-gov-east-1a", True),
    ("us-west-2", "us-west-2-lax-1a", False),   # a Local Zone of the region
    ("us-east-1", "us-west-2-lax-1a", True),
    ("us-east-1", "use1-az1", False),           # a zone ID, not a name
    ("ap-southeast-2", "ap-southeast-1a", True),
])
def test_zone_names(write, region, zone, reported):
    body = f'resource "aws_ebs_volume" "v" {{\n  availability_zone = "{zone}"\n  size = 10\n}}\n'
    assert bool(sc525(write, region, body)) is reported


def test_lists_of_zones(write):
    body = '''
resource "aws_elasticache_replication_group" "r" {
  replication_group_id        = "r"
  description                 = "r"
  node_type                   = "cache.t3.micro"
  num_cache_clusters          = 2
  preferred_cache_cluster_azs = ["eu-west-1a", "eu-central-1b"]
}
'''
    assert sc525(write, "eu-west-1", body) == ["aws_elasticache_replication_group.r preferred_cache_cluster_azs"]


def test_unknown_region_or_zone_is_not_judged(write):
    body = 'resource "aws_ebs_volume" "v" {\n  availability_zone = "us-east-1a"\n  size = 10\n}\n'
    assert sc525(write, "", body) == []  # no provider block: AWS_REGION at run time
    from_data = '''
data "aws_availability_zones" "az" {}
resource "aws_ebs_volume" "v" {
  availability_zone = data.aws_availability_zones.az.names[0]
  size              = 10
}
'''
    assert sc525(write, "eu-west-1", from_data) == []


def test_the_resources_own_provider_counts(write):
    body = '''
provider "aws" {
  alias  = "virginia"
  region = "us-east-1"
}
resource "aws_ebs_volume" "v" {
  provider          = aws.virginia
  availability_zone = "us-east-1a"
  size              = 10
}
'''
    assert sc525(write, "eu-west-1", body) == []
