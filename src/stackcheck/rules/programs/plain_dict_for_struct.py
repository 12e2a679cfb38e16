"""SC704: a nested block given as a plain Python dict, which synthesizes to an empty block."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.programs.support import failures, finding


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for f in failures(stack, "null_block"):
        block = f.get("name") or "block"
        yield finding(RULE, stack, f, f"every field of the synthesized {block} block is null: the block was passed as "
                      "a plain dict, whose snake_case keys the bindings drop; the provider rejects the empty "
                      f"{block} during the apply", "construct the block with its struct class (for example "
                      "RouteTableRoute(cidr_block=..., gateway_id=...)), or use a separate resource")


RULE = Rule(
    id="SC704", name="program-plain-dict-for-struct",
    title="Nested block passed as a plain dict synthesizes empty",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("cdktf",), stage="apply",
    finds="A CDKTF resource whose synthesized nested block has every field null, the trace of a plain dict "
          "with snake_case keys passed where the bindings expect a struct.",
    why="jsii converts structs by their camelCase property names; a dict's snake_case keys match none of them.",
    error="Error: creating Route in Route Table (...): InvalidParameterValue / missing required route target",
    broken='RouteTable(self, "public", route=[{"cidr_block": "0.0.0.0/0", "gateway_id": igw.id}])',
    fixed='RouteTable(self, "public", route=[RouteTableRoute(cidr_block="0.0.0.0/0", gateway_id=igw.id)])',
    evidence=("../shared/seed-cases/README.md, note on seed 003 section 6 (verified with cdktf 0.21.0)",),
    check=check,
    origin="program",
)
