"""Broken/fixed fixture pairs for every rule and framework.

Layout: tests/rules/<RULE_ID>/<framework>/{broken,fixed}/ (main.tf or template.yaml).
broken/ must produce at least one finding of the rule; fixed/ (the same stack with the fix
applied) must produce none. Cases where a rule was once wrong live in
tests/rules/_regressions/<RULE_ID>-<slug>/<framework>/{broken,fixed}/ and must stay fixed
(see KNOWN_ISSUES.md): they start passing when the rule is corrected, and must then be moved.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stackcheck.rules import all_rules
from stackcheck.scan import scan

HERE = Path(__file__).parent
KNOWN_ISSUES = HERE / "_regressions"
RULE_DIR = re.compile(r"^SC\d{3}$")
KINDS = ("broken", "fixed")


def _cases(root: Path, rule_of: callable) -> list[tuple[str, str, Path, str]]:
    """(rule id, framework, stack directory, kind) for every broken/ and fixed/ under root."""
    out = []
    if not root.is_dir():
        return out
    for case in sorted(p for p in root.iterdir() if p.is_dir()):
        rule_id = rule_of(case.name)
        if rule_id is None:
            continue
        for fw in sorted(p for p in case.iterdir() if p.is_dir()):
            for kind in KINDS:
                if (fw / kind).is_dir():
                    out.append((rule_id, fw.name, fw / kind, kind))
    return out


FIXTURES = _cases(HERE, lambda name: name if RULE_DIR.match(name) else None)
KNOWN = _cases(KNOWN_ISSUES, lambda name: name.split("-", 1)[0] if RULE_DIR.match(name.split("-", 1)[0]) else None)


def _rule_ids(rule_id: str, directory: Path) -> list[str]:
    result = scan([str(directory)])
    assert not result.errors, f"{directory}: input errors: {[str(e) for e in result.errors]}"
    # Only the rule under test must run cleanly; another rule's crash does not change its verdict.
    own = [e for e in result.internal_errors if f"internal error in {rule_id}:" in e]
    assert not own, f"{directory}: {rule_id} crashed: {own}"
    assert result.stacks, f"{directory}: no stack was loaded"
    return [f.rule_id for f in result.findings]


def _check(rule_id: str, directory: Path, kind: str) -> None:
    found = _rule_ids(rule_id, directory)
    if kind == "broken":
        assert rule_id in found, f"{rule_id} not reported on {directory} (got {sorted(set(found))})"
    else:
        assert rule_id not in found, f"{rule_id} reported on the fixed stack {directory}"


@pytest.mark.parametrize(
    ("rule_id", "framework", "directory", "kind"), FIXTURES,
    ids=[f"{r}-{fw}-{k}" for r, fw, _, k in FIXTURES],
)
def test_fixture(rule_id: str, framework: str, directory: Path, kind: str) -> None:
    _check(rule_id, directory, kind)


@pytest.mark.parametrize(
    ("rule_id", "framework", "directory", "kind"), KNOWN,
    ids=[f"{d.parent.parent.name}-{fw}-{k}" for _, fw, d, k in KNOWN],
)
def test_regression(rule_id: str, framework: str, directory: Path, kind: str) -> None:
    _check(rule_id, directory, kind)


def _pair_ids() -> list[str]:
    return [f"{r.id}-{fw}" for r in all_rules() for fw in r.frameworks]


@pytest.mark.parametrize("pair", _pair_ids())
def test_rule_has_fixture_pair(pair: str) -> None:
    rule_id, framework = pair.split("-", 1)
    base = HERE / rule_id / framework
    for kind in KINDS:
        assert (base / kind).is_dir(), f"missing fixture directory {base / kind}"
        files = [p.name for p in (base / kind).iterdir() if p.suffix in (".tf", ".yaml", ".yml", ".json")]
        assert files, f"no stack file in {base / kind}"


def test_every_fixture_names_a_known_rule() -> None:
    known = {f"{r.id}-{fw}" for r in all_rules() for fw in r.frameworks}
    present = {f"{r}-{fw}" for r, fw, _, _ in FIXTURES}
    assert present <= known, f"fixtures for unknown rule/framework pairs: {sorted(present - known)}"
