"""What a rule is: identity, documentation, the frameworks it covers, and its check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack

CATEGORIES = ("deploy-blocker", "runtime-failure", "requirement", "advisory")
ORIGINS = ("seed", "schema", "program", "tool", "catalogue")
STAGES = ("synth", "validate", "plan", "apply", "runtime", "review")


@dataclass
class Context:
    """What a scan passes to every rule: the requirement profile and its parameters."""

    profile: dict[str, Any] = field(default_factory=dict)

    def param(self, key: str, default: Any) -> Any:
        return self.profile.get(key, default)


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    title: str
    severity: str
    blocker: bool
    category: str
    frameworks: tuple[str, ...]
    stage: str
    finds: str  # what it finds
    why: str  # why AWS/the provider rejects it, or why it matters
    error: str  # the error text users see ("" for requirements)
    broken: str  # a broken example
    fixed: str  # the fix
    evidence: tuple[str, ...]  # links to the provider source, API reference, public reports
    check: Callable[[Stack, Context], Iterable[Finding]]
    limits: str = ""
    # Where the failure class comes from: "seed" (the seed analyses), "schema" (generic data-driven
    # checks), "program" (synthesis failures), "tool" (stackcheck's own, e.g. suppressions) or "catalogue" (docs/catalogue.md, beyond the seeds).
    origin: str = "catalogue"

    def __post_init__(self) -> None:
        assert self.category in CATEGORIES, self.category
        assert self.stage in STAGES, self.stage
        assert self.evidence, f"{self.id} needs evidence"
        assert self.origin in ORIGINS, self.origin

    def finding(self, res: Resource, attribute: str | None, message: str, fix: str, *,
                line: int | None = None, blocker: bool | None = None, severity: str | None = None,
                resource: str | None = None) -> Finding:
        return Finding(
            rule_id=self.id, severity=severity or self.severity,
            blocker=self.blocker if blocker is None else blocker,
            resource=resource or res.label or res.address, resource_type=res.type, attribute=attribute,
            file=res.file, line=line or res.line_of(attribute), message=message, fix=fix,
            title=self.title, category=self.category, stage=self.stage, framework=res.framework,
            error=self.error, construct_path=res.construct_path,
        )

    def stack_finding(self, stack: Stack, file: str, line: int, resource: str, resource_type: str,
                      attribute: str | None, message: str, fix: str) -> Finding:
        """A finding about the stack rather than one resource (backend, outputs)."""
        return Finding(
            rule_id=self.id, severity=self.severity, blocker=self.blocker, resource=resource,
            resource_type=resource_type, attribute=attribute, file=file, line=line, message=message,
            fix=fix, title=self.title, category=self.category, stage=self.stage,
            framework=stack.framework, error=self.error,
        )


class FieldMap:
    """Per-framework names of the fields a rule reads: one rule, both frameworks.

    FieldMap({"aws_x": {"key": "kms_key_id"}, "AWS::X::Y": {"key": "KmsKeyId"}})
    """

    def __init__(self, mapping: dict[str, dict[str, str]]) -> None:
        self.mapping = mapping

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(self.mapping)

    def resources(self, stack: Stack) -> list[Resource]:
        return stack.of_type(*self.mapping)

    def name(self, res: Resource, field_name: str) -> str | None:
        return self.mapping.get(res.type, {}).get(field_name)

    def get(self, res: Resource, field_name: str, default: Any = None) -> Any:
        attr = self.name(res, field_name)
        return res.get(attr, default) if attr else default

    def has_field(self, res: Resource, field_name: str) -> bool:
        return self.name(res, field_name) is not None
