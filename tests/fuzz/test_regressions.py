"""Every crash the fuzzers found, kept as an input that must now scan cleanly.

tests/fuzz/regressions/<name>/ holds the input exactly as the fuzzer produced it (or, for
hypothesis finds, the document reduced by hand); README.md there says what each one broke.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackcheck.errors import InputError
from stackcheck.scan import ProgramOptions, scan

REGRESSIONS = Path(__file__).parent / "regressions"
CASES = sorted(p.name for p in REGRESSIONS.iterdir() if p.is_dir())


def test_there_are_regressions() -> None:
    assert CASES


@pytest.mark.parametrize("name", CASES)
def test_regression_scans_cleanly(name: str) -> None:
    root = REGRESSIONS / name
    result = scan([str(root)], programs=ProgramOptions(enabled=False))
    assert result.internal_errors == []
    for err in result.errors:
        assert isinstance(err, InputError) and err.file.startswith(str(root)) and err.line >= 0
    assert result.stacks or result.errors, "the input was neither loaded nor reported"


def test_parenthesised_operands_evaluate() -> None:
    result = scan([str(REGRESSIONS / "tf-parenthesised-operand")], programs=ProgramOptions(enabled=False))
    queue = result.stacks[0].resources[0]
    assert queue.attrs["name"] == "queue-3" and queue.attrs["delay_seconds"] == 0


def test_properties_if_with_unknown_condition_keeps_both_branches() -> None:
    """Found as a crash; the fix must not turn it into a false "required property missing"."""
    result = scan([str(REGRESSIONS / "cfn-properties-an-intrinsic")], programs=ProgramOptions(enabled=False))
    queue = next(r for r in result.stacks[0].resources if r.address == "Queue")
    assert set(queue.attrs) == {"QueueName", "VisibilityTimeout"}
    assert not [f for f in result.findings if f.resource == "Queue" and f.rule_id == "SC005"]
