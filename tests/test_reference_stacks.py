"""Correct, deployable reference stacks must load completely and produce no blocker.

tests/reference_stacks/{terraform,cloudformation}/<NN-name>/ hold realistic data-platform stacks written to
be valid (terraform validate / cfn-lint clean, the wiring a working deployment needs). Any blocker on them is
a false alarm. A false alarm that is known and recorded in tests/reference_stacks/FALSE_ALARMS.md is listed in
KNOWN_FALSE_ALARMS below and expected to fail (strict), so the test starts failing once the rule is fixed and
the entry must then be removed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stackcheck.findings import Finding
from stackcheck.scan import ProgramOptions, ScanResult, scan

ROOT = Path(__file__).parent / "reference_stacks"
STACK_DIR = re.compile(r"^\d{2}-[a-z0-9-]+$")
MIN_RESOURCES = 30
MIN_STACKS = 6

# (framework, stack) -> FALSE_ALARMS.md entry, for stacks on which a known false blocker fires.
KNOWN_FALSE_BLOCKERS: dict[tuple[str, str], str] = {}

# Known false findings that are not blockers: (rule id, framework, stack, FALSE_ALARMS.md entry).
KNOWN_FALSE_ADVISORIES: list[tuple[str, str, str, str]] = []


# Minimal stacks in FALSE_ALARMS.md (its ```hcl / ```yaml blocks) and the rules that must stay silent on
# them; an empty tuple means the stack must simply load (a loader crash). Strict xfails, except the
# entries in FIXED, which stay as regression tests.
PINNED_ENTRIES: dict[str, tuple[str, ...]] = {
    "FA-1": ("SC502",),
    "FA-2": ("SC004",),
    "FA-3": ("SC803", "SC113"),
    "FA-4": ("SC004", "SC005", "SC006"),
    "FA-5": ("SC650",),
    "FA-6": ("SC004",),
    "FA-7": ("SC202",),
    "FA-8": ("SC203",),
    "FA-9": ("SC006",),
    "LB-1": (),
}
FIXED = {"LB-1", "FA-1", "FA-2", "FA-3", "FA-4", "FA-5", "FA-6", "FA-7", "FA-8", "FA-9"}
BLOCK = re.compile(r"```(hcl|yaml)\n(.*?)```", re.S)


def _minimal_stacks() -> list[tuple[str, int, str, str]]:
    """(entry, index, language, text) for every code block of the pinned FALSE_ALARMS.md sections."""
    path = ROOT / "FALSE_ALARMS.md"
    if not path.is_file():
        return []
    out = []
    for section in path.read_text().split("\n## ")[1:]:
        entry = section.split()[0]
        if entry in PINNED_ENTRIES:
            out.extend((entry, i, lang, text) for i, (lang, text) in enumerate(BLOCK.findall(section)))
    return out


MINIMAL = _minimal_stacks()


def _stacks(framework: str) -> list[Path]:
    base = ROOT / framework
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and STACK_DIR.match(p.name))


STACKS = [(fw, d) for fw in ("terraform", "cloudformation") for d in _stacks(fw)]

_RESULTS: dict[Path, ScanResult] = {}


def _scan(directory: Path) -> ScanResult:
    # Each stack is scanned once per session: several tests read the same result.
    if directory not in _RESULTS:
        _RESULTS[directory] = scan([str(directory)], programs=ProgramOptions(enabled=False))
    return _RESULTS[directory]


def _describe(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.rule_id} {f.resource} {f.attribute or ''} {f.file}:{f.line}: {f.message}" for f in findings)


def _param(framework: str, directory: Path):
    entry = KNOWN_FALSE_BLOCKERS.get((framework, directory.name))
    marks = [pytest.mark.xfail(strict=True, reason=f"known false blocker, FALSE_ALARMS.md {entry}")] if entry else []
    return pytest.param(framework, directory, id=f"{framework}-{directory.name}", marks=marks)


@pytest.mark.parametrize(("framework", "directory"), [pytest.param(fw, d, id=f"{fw}-{d.name}") for fw, d in STACKS])
def test_reference_stack_loads(framework: str, directory: Path) -> None:
    result = _scan(directory)
    assert not result.errors, f"{directory}: input errors:\n" + "\n".join(str(e) for e in result.errors)
    assert not result.internal_errors, f"{directory}: internal errors:\n" + "\n".join(result.internal_errors)
    assert len(result.stacks) == 1, f"{directory}: expected one stack, got {len(result.stacks)}"
    stack = result.stacks[0]
    assert stack.framework == framework
    assert len(stack.resources) >= MIN_RESOURCES, (
        f"{directory}: only {len(stack.resources)} resources loaded (a reference stack has {MIN_RESOURCES}+)"
    )


@pytest.mark.parametrize(("framework", "directory"), [_param(fw, d) for fw, d in STACKS])
def test_reference_stack_has_no_blocker(framework: str, directory: Path) -> None:
    result = _scan(directory)
    assert not result.errors, f"{directory}: input errors: {[str(e) for e in result.errors]}"
    blockers = [f for f in result.findings if f.blocker]
    assert not blockers, f"{directory}: blocker findings on a correct stack:\n{_describe(blockers)}"


@pytest.mark.parametrize(
    ("rule_id", "framework", "name", "entry"),
    [pytest.param(*k, marks=pytest.mark.xfail(strict=True, reason=f"FALSE_ALARMS.md {k[3]}"), id=f"{k[0]}-{k[2]}")
     for k in KNOWN_FALSE_ADVISORIES],
)
def test_known_false_advisory(rule_id: str, framework: str, name: str, entry: str) -> None:
    result = _scan(ROOT / framework / name)
    wrong = [f for f in result.findings if f.rule_id == rule_id]
    assert not wrong, f"{entry}: {rule_id} still reported on {name}:\n{_describe(wrong)}"


@pytest.mark.parametrize(
    ("entry", "index", "lang", "text"),
    [pytest.param(*m, id=f"{m[0]}-{m[1]}", marks=[] if m[0] in FIXED else
                  pytest.mark.xfail(strict=True, reason=f"FALSE_ALARMS.md {m[0]}")) for m in MINIMAL],
)
def test_known_false_alarm_minimal_stack(entry: str, index: int, lang: str, text: str, tmp_path: Path) -> None:
    (tmp_path / ("main.tf" if lang == "hcl" else "template.yaml")).write_text(text)
    result = scan([str(tmp_path)], programs=ProgramOptions(enabled=False))
    assert not result.internal_errors, f"{entry}: {result.internal_errors}"
    assert not result.errors, f"{entry}: {[str(e) for e in result.errors]}"
    assert result.stacks and result.stacks[0].resources, f"{entry}: nothing loaded"
    wrong = [f for f in result.findings if f.rule_id in PINNED_ENTRIES[entry]]
    assert not wrong, f"{entry} still reproduces:\n{_describe(wrong)}"


def test_every_pinned_entry_has_a_minimal_stack() -> None:
    found = {m[0] for m in MINIMAL}
    assert found == set(PINNED_ENTRIES), f"FALSE_ALARMS.md sections without a code block: {set(PINNED_ENTRIES) - found}"


@pytest.mark.parametrize("framework", ["terraform", "cloudformation"])
def test_enough_reference_stacks(framework: str) -> None:
    found = [d.name for d in _stacks(framework)]
    assert len(found) >= MIN_STACKS, f"{framework}: {len(found)} reference stacks ({found}), want {MIN_STACKS}+"


def test_known_false_alarms_name_existing_stacks() -> None:
    names = {(fw, d.name) for fw, d in STACKS}
    listed = set(KNOWN_FALSE_BLOCKERS) | {(fw, n) for _, fw, n, _ in KNOWN_FALSE_ADVISORIES}
    assert listed <= names, f"entries for unknown stacks: {sorted(listed - names)}"
    text = (ROOT / "FALSE_ALARMS.md").read_text()
    entries = set(KNOWN_FALSE_BLOCKERS.values()) | {e for *_, e in KNOWN_FALSE_ADVISORIES}
    missing = [e for e in entries if f"## {e}" not in text]
    assert not missing, f"FALSE_ALARMS.md has no section for {missing}"
