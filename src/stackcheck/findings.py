"""The finding contract (DEVELOPERS.md): stable fields that tests, benchmarks and CI depend on."""

from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITIES = ("critical", "high", "medium", "low", "info")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    severity: str
    blocker: bool
    resource: str
    resource_type: str
    attribute: str | None
    file: str
    line: int
    message: str
    fix: str
    # Beyond the contract's minimum:
    title: str = ""
    category: str = ""
    stage: str = ""
    framework: str = ""
    error: str = ""  # what AWS or the provider would print
    construct_path: str = ""  # CDK / CDKTF: the construct that synthesized the resource

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def sort_key(self) -> tuple[object, ...]:
        return (self.file, self.line, SEVERITY_RANK.get(self.severity, 9), self.rule_id, self.resource,
                self.attribute or "")
