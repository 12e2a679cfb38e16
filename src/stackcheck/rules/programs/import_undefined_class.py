"""SC701: a program imports a class that the provider bindings do not define."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.programs.support import closest, failures, finding, program_label


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for f in failures(stack, "import"):
        name = f.get("name") or "?"
        near = closest(name, list(f.get("candidates") or []))
        hint = f"; the module defines {near}" if near else ""
        json_hint = (" container_definitions is a JSON string in the provider: build it with "
                     "json.dumps([...]) (Fn.jsonencode) rather than a class") if "ContainerDefinition" in name else ""
        yield finding(RULE, stack, f, f"{program_label(stack)} synthesis stops: {f.get('message')}{hint}",
                      (f"import {near} instead" if near else f"remove the import of {name}") + "." + json_hint)


RULE = Rule(
    id="SC701", name="program-imports-undefined-class",
    title="Program imports a class the bindings do not define",
    severity="critical", blocker=True, category="deploy-blocker",
    frameworks=("cdktf", "pulumi", "cdk"), stage="synth",
    finds="A CDK for Terraform, Pulumi or AWS CDK Python program whose import names a class that the installed "
          "provider bindings do not define; the program stops before any template exists.",
    why="Generated bindings define a class per resource and per nested block type; attributes typed as JSON "
        "strings (ECS container_definitions) have no struct class.",
    error="ImportError: cannot import name 'EcsTaskDefinitionContainerDefinitions' from "
          "'cdktf_cdktf_provider_aws.ecs_task_definition'",
    broken="from cdktf_cdktf_provider_aws.ecs_task_definition import EcsTaskDefinition, "
           "EcsTaskDefinitionContainerDefinitions",
    fixed="from cdktf_cdktf_provider_aws.ecs_task_definition import EcsTaskDefinition\n"
          "container_definitions=json.dumps([{...}])",
    evidence=("../shared/seeds/003 (the ImportError from a real synthesis)",
              "https://github.com/cdktf/cdktf-provider-aws (generated bindings: one module per resource type)"),
    check=check,
    origin="program",
)
