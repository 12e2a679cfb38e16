"""discover -> load -> check -> report. Nothing else lives here."""

from __future__ import annotations

import fnmatch
import importlib
import os
from dataclasses import dataclass, field

from stackcheck.discover import discover
from stackcheck.errors import InputError
from stackcheck.findings import SEVERITY_RANK, Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context
from stackcheck.suppress import Suppressed


@dataclass
class ScanResult:
    stacks: list[Stack] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)

    @property
    def blockers(self) -> list[Finding]:
        return [f for f in self.findings if f.blocker]


def _skipped(path: str, skip: list[str], base: str) -> bool:
    rel = os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")
    return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel + "/", pat) for pat in skip)


@dataclass
class ProgramOptions:
    enabled: bool = True
    python: str | None = None
    timeout: float = 120


def load(paths: list[str], skip: list[str] | None = None, base: str = ".",
         programs: ProgramOptions | None = None) -> tuple[list[Stack], list[InputError]]:
    programs = programs or ProgramOptions()
    inputs = discover(paths, programs=programs.enabled)
    if skip:
        inputs.terraform_dirs = [d for d in inputs.terraform_dirs if not _skipped(d, skip, base)]
        inputs.templates = [t for t in inputs.templates if not _skipped(t, skip, base)]
    errors = list(inputs.errors)
    stacks: list[Stack] = []
    if inputs.terraform_dirs:
        from stackcheck.loaders.terraform.module import load_root

        loaded = []
        for directory in inputs.terraform_dirs:
            stack = load_root(directory, errors)
            if stack is not None:
                loaded.append(stack)
        # A directory another stack loads as a local module is not a root of its own.
        as_module = {os.path.normpath(os.path.dirname(f)) for s in loaded for f in s.files
                     if os.path.normpath(os.path.dirname(f)) != os.path.normpath(s.path)}
        stacks.extend(s for s in loaded if os.path.normpath(s.path) not in as_module)
    if inputs.templates:
        from stackcheck.loaders.cloudformation.template import load_template
        from stackcheck.loaders.plan import load_plan

        for path in inputs.templates:
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
                is_plan = path.endswith(".json") and b'"planned_values"' in data[: 1 << 20]
                stack = load_plan(path, data) if is_plan else load_template(path, data)
            except InputError as exc:
                errors.append(exc)
                continue
            except OSError as exc:
                errors.append(InputError(path, 0, f"cannot read file: {exc.strerror}"))
                continue
            if stack is not None:
                stacks.append(stack)
            elif path in paths:
                errors.append(InputError(path, 1, "not a CloudFormation template or Terraform plan"))
    for kind, directory in inputs.programs:
        if skip and _skipped(directory, skip, base):
            continue
        loader = importlib.import_module(f"stackcheck.loaders.programs.{kind}")
        got, errs = loader.load(directory, python=programs.python, timeout=programs.timeout)
        stacks.extend(got)
        errors.extend(errs)
    # Dedupe errors reported twice (a module directory loaded as a root and as a module).
    unique = {(e.file, e.line, e.message): e for e in errors}
    return stacks, list(unique.values())


def check(stacks: list[Stack], ctx: Context, disabled: set[str] | None = None) -> tuple[list[Finding], list[str]]:
    from stackcheck.rules import all_rules

    findings: list[Finding] = []
    internal: list[str] = []
    for stack in stacks:
        kinds = {stack.framework, stack.settings.get("program", {}).get("kind")}
        for rule in all_rules():
            if kinds.isdisjoint(rule.frameworks) or (disabled and rule.id in disabled):
                continue
            if rule.category == "requirement" and not ctx.param("requirements", True):
                continue
            try:
                findings.extend(rule.check(stack, ctx))
            except Exception as exc:  # a bug of ours must not hide the other findings
                internal.append(f"{stack.path}: internal error in {rule.id}: {type(exc).__name__}: {exc}")
    unique = {(f.rule_id, f.resource, f.attribute, f.file, f.line, f.message): f for f in findings}
    return sorted(unique.values(), key=Finding.sort_key), internal


def scan(paths: list[str], ctx: Context | None = None, severity: str = "info",
         disabled: set[str] | None = None, *, inline_ignores: bool = True, baseline: set[str] | None = None,
         skip: list[str] | None = None, base: str = ".", programs: ProgramOptions | None = None) -> ScanResult:
    from stackcheck import suppress

    ctx = ctx or Context()
    stacks, errors = load(paths, skip, base, programs)
    findings, internal = check(stacks, ctx, disabled)
    limit = SEVERITY_RANK[severity]
    findings = [f for f in findings if SEVERITY_RANK[f.severity] <= limit]
    resources = {(r.file, r.address): r for s in stacks for r in s.resources}
    findings, suppressed = suppress.apply(findings, resources, inline=inline_ignores, baseline=baseline)
    return ScanResult(stacks, findings, sorted(errors, key=lambda e: (e.file, e.line)), internal, suppressed)
