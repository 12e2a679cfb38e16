"""SC703: a Python value of a type the binding refuses (a bool where the provider types a string)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.programs.support import failures, finding, program_label


def _example(expected: str, got: str) -> str:
    if expected.startswith("str") and got == "bool":
        return 'pass the string "true" or "false"'
    if expected.startswith("str") and got in ("int", "float"):
        return "pass the number as a string, for example \"30\""
    return f"pass a {expected}"


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for f in failures(stack, "type"):
        expected, got = f.get("expected") or "?", f.get("got") or "?"
        why = ("; the provider schema types this argument as a string"
               if expected.startswith("str") and got in ("bool", "int", "float") else "")
        yield finding(RULE, stack, f, f"{program_label(stack)} stops: {f.get('name')} must be {expected}, got {got} "
                      f"({f.get('message')}){why}", _example(expected, got))


RULE = Rule(
    id="SC703", name="program-wrong-python-type",
    title="Python value of a type the binding refuses",
    severity="critical", blocker=True, category="deploy-blocker",
    frameworks=("cdktf", "cdk"), stage="synth",
    finds="A jsii/typeguard type error while constructing a resource: typically a Python bool or int for an "
          "argument the Terraform provider declares as a string (at_rest_encryption_enabled, "
          "deregistration_delay).",
    why="CDKTF bindings follow the provider schema exactly; string-typed booleans and numbers must be passed as "
        "strings.",
    error="TypeError: type of argument at_rest_encryption_enabled must be one of (str, NoneType); got bool instead",
    broken='ElasticacheReplicationGroup(self, "redis", at_rest_encryption_enabled=True)',
    fixed='ElasticacheReplicationGroup(self, "redis", at_rest_encryption_enabled="true")',
    evidence=("../shared/seeds/003 (the TypeError from a real synthesis)",
              "Terraform AWS provider 5.100.0 schema: at_rest_encryption_enabled is a string"),
    check=check,
    origin="program",
)
