"""SC525: an availability zone named literally that belongs to another region than the resource's provider."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from stackcheck.data import tf_resource_schema
from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, Rule

# Standard zones (eu-west-1a, us-gov-west-1b) and Local Zones (us-west-2-lax-1a); Wavelength zones and zone
# IDs (use1-az1) are not read.
_ZONE = re.compile(r"^(?P<region>[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)(?:[a-z]|-[a-z]{3}-\d+[a-z])$")
# Arguments that take zone names: availability_zone(s), availability_zone_name, preferred_*_azs ...
# (str.endswith, not a regex: this runs on every argument of every resource)
_ZONE_ARG_ENDINGS = ("availability_zone", "availability_zones", "availability_zone_name", "_azs")


def _schema_has_zone_argument(block: dict[str, Any]) -> bool:
    if any(name.endswith(_ZONE_ARG_ENDINGS) or name == "azs" for name in block.get("a", {})):
        return True
    return any(_schema_has_zone_argument(spec["b"]) for spec in block.get("k", {}).values())


@cache
def _takes_zones(rtype: str) -> bool:
    """Whether the provider schema gives the resource type a zone argument at any depth (unknown types: yes)."""
    schema = tf_resource_schema(rtype)
    return schema is None or _schema_has_zone_argument(schema)


def _zone_args(res: Resource) -> Iterator[tuple[str, str]]:
    """(attribute path, zone name) for every literal zone under a zone argument, nested blocks included.

    Read through the paths the loader recorded for each written argument (res.meta), not a walk of every
    value: this rule sees every resource."""
    for path in res.meta:
        if not (path.endswith(_ZONE_ARG_ENDINGS) or path == "azs" or path.endswith(".azs")):
            continue
        value = res.get(path)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                yield path, item


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in stack.resources:
        if res.region is None or not _takes_zones(res.type):
            continue
        for path, zone in _zone_args(res):
            m = _ZONE.match(zone)
            if m is None or m.group("region") == res.region:
                continue
            yield RULE.finding(
                res, path,
                f'{path} = "{zone}" is a zone of {m.group("region")}, but {res.address} is created in {res.region} '
                f"(its provider configuration): AWS refuses the request, e.g. \"InvalidParameterValue: Value ({zone}) "
                f"for parameter availabilityZone is invalid. Subnets can currently only be created in the following "
                f"availability zones: {res.region}a, ...\"",
                f"use a zone of {res.region} (better: data \"aws_availability_zones\" and index its names), or give "
                f"the resource a provider configured for {m.group('region')}",
            )
            break


RULE = Rule(
    id="SC525", name="zone-outside-region",
    title="Availability zone of another region than the provider's",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform",), stage="apply",
    finds="Terraform resources whose zone arguments (availability_zone, availability_zones, "
          "availability_zone_name, preferred_*_azs, in nested blocks too) name a zone, literally or through a "
          "variable default, of a region other than the one the resource's provider configuration uses.",
    why="Zone names carry their region (eu-west-1a is in eu-west-1). A provider region changed, or zones copied "
        "from another stack, leave zones the regional API does not have; nothing checks it before apply.",
    error="InvalidParameterValue: Value (us-east-1a) for parameter availabilityZone is invalid. Subnets can "
          "currently only be created in the following availability zones: eu-west-1a, eu-west-1b, eu-west-1c.",
    broken='provider "aws" {\n  region = "eu-west-1"\n}\nresource "aws_subnet" "a" {\n'
           '  availability_zone = "us-east-1a"\n}',
    fixed='data "aws_availability_zones" "available" {}\nresource "aws_subnet" "a" {\n'
          '  availability_zone = data.aws_availability_zones.available.names[0]\n}',
    evidence=(
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html",
        "https://github.com/TheSudoYT/terraform-aws-palworld/issues/9",
        "https://github.com/hashicorp/terraform/pull/1440",
        "https://github.com/crossplane-contrib/provider-aws/issues/1048",
    ),
    limits="Only resources whose provider region is known (see SC871); a zone that exists in the region but not "
           "for the account (us-east-1a in some accounts) is outside what a static check can know. Zone IDs and "
           "Wavelength zones are not read. CloudFormation templates take their region at deploy time.",
    check=check,
)
