"""SC705: a program failed to synthesize for another reason (exception, timeout)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.programs.support import failures, finding, program_label


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for f in failures(stack, "other"):
        yield finding(RULE, stack, f, f"{program_label(stack)} did not synthesize: {f.get('exception') or 'error'}: "
                      f"{f.get('message')}", "fix the error at this line; nothing after it was checked")


RULE = Rule(
    id="SC705", name="program-failed",
    title="Program did not synthesize",
    severity="critical", blocker=True, category="deploy-blocker",
    frameworks=("cdktf", "pulumi", "cdk"), stage="synth",
    finds="A CDKTF, Pulumi or AWS CDK program that raised an exception (of a class no other rule explains) or "
          "ran out of time while synthesizing.",
    why="Without a synthesized template nothing can be deployed, and nothing else can be checked.",
    error="(the program's own exception)",
    broken="app.synth()  # raises",
    fixed="(depends on the error)",
    evidence=("https://developer.hashicorp.com/terraform/cdktf/cli-reference/commands#synth",
              "https://www.pulumi.com/docs/using-pulumi/testing/unit/ (programs run under mocks)"),
    check=check,
    origin="program",
)
