"""Synthesis failures recorded by the program loaders (stack.settings["synth_failures"])."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Rule


def failures(stack: Stack, kind: str) -> Iterator[dict[str, Any]]:
    for failure in stack.settings.get("synth_failures", ()):
        if failure.get("kind") == kind:
            yield failure


def closest(name: str, candidates: list[str]) -> str | None:
    found = difflib.get_close_matches(name, candidates, n=1, cutoff=0.5)
    return found[0] if found else None


def program_label(stack: Stack) -> str:
    program = stack.settings.get("program", {})
    return {"cdktf": "CDK for Terraform", "pulumi": "Pulumi", "cdk": "AWS CDK"}.get(program.get("kind"), "program")


def finding(rule: Rule, stack: Stack, failure: dict[str, Any], message: str, fix: str) -> Finding:
    return rule.stack_finding(
        stack, failure.get("file") or stack.path, int(failure.get("line") or 1),
        failure.get("resource") or failure.get("class_name") or "program",
        failure.get("resource_type") or failure.get("class_name") or "program", failure.get("name"), message, fix,
    )
