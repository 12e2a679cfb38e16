"""Schema rules on synthesized CDKTF stacks: JSON syntax, reported at program lines (regression: seed 042)."""

from __future__ import annotations

from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context
from stackcheck.rules.schema.block_written_as_attribute import RULE as SC001


def _target_group(file: str) -> Resource:
    return Resource(address="aws_lb_target_group.api_target_group", type="aws_lb_target_group",
                    name="api_target_group", framework="terraform", file=file, line=51,
                    attrs={"name": "api", "port": 8080, "protocol": "HTTP", "vpc_id": "vpc-1",
                           "health_check": {"path": "/health", "interval": 30}})


def test_cdktf_blocks_are_objects_in_json_not_attributes():
    stack = Stack("terraform", "app", resources=[_target_group("app/main.py")],
                  settings={"program": {"kind": "cdktf"}})
    assert list(SC001.check(stack, Context())) == []


def test_native_syntax_still_reported():
    stack = Stack("terraform", "app", resources=[_target_group("app/main.tf")])
    assert [f.attribute for f in SC001.check(stack, Context())] == ["health_check"]
