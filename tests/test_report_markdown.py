"""The Markdown failure analysis (`stackcheck report` / `--format markdown`)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from stackcheck.report.markdown import render
from stackcheck.scan import scan
from tests.conftest import ROOT

CASES = ROOT / ".." / "shared" / "seed-cases"  # ../shared/seed-cases relative to the repo root


def _cases() -> list[Path]:
    if not CASES.is_dir():
        return []
    out = []
    for case in sorted(CASES.iterdir()):
        expected = case / "expected.json"
        if expected.is_file() and json.loads(expected.read_text())["framework"] in ("terraform", "cloudformation"):
            out.append(case)
    return out


def _sections(md: str) -> list[str]:
    """The per-finding sections: each starts at a `### ` heading."""
    return re.split(r"^### ", md, flags=re.M)[1:]


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the report prints paths relative to the current directory


@pytest.mark.skipif(not CASES.is_dir(), reason="../shared/seed-cases is not beside the checkout")
@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_seed_case_report_names_every_expected_resource_with_a_fix(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text())
    broken = os.path.relpath(case / "broken")
    result = scan([broken])
    md = render(result, [broken])
    assert md == render(result, [broken])  # deterministic
    sections = _sections(md)
    for item in expected["findings"]:
        resource = item["resource"]
        assert f"`{resource}`" in md, resource
        mine = [s for s in sections if s.splitlines()[0].endswith(f"`{resource}`")]
        assert mine, f"no section for {resource}"
        assert any("**Fix**:" in s for s in mine), f"no Fix for {resource}"
        assert any("**Root cause**:" in s and "**When it fails**:" in s for s in mine)
    if expected["kind"] == "blocker":
        assert "Not deployable" in md or "Deploys, but does not work" in md
    assert "## Summary" in md
    assert broken in md  # the scanned path, relative to the current directory


def test_clean_stack_gets_the_deployable_verdict(write) -> None:
    root = write({"main.tf": 'resource "aws_cloudwatch_log_group" "app" {\n'
                             '  name              = "/app/${var.environment_suffix}"\n'
                             "  retention_in_days = 30\n}\n\n"
                             'variable "environment_suffix" {\n  default = "dev"\n}\n'})
    result = scan([str(root)])
    assert not result.blockers
    md = render(result, [str(root)])
    assert "**Deployable" in md.split("## Overview")[0]
    assert "Not deployable" not in md
    assert "1 stack (terraform)" in md


def test_blocker_verdict_and_before_snippet_quotes_the_users_own_line(write) -> None:
    root = write({"main.tf": """\
resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared-marker-7f3a"
  encrypted      = true
  kms_key_id     = aws_kms_key.data.id
}
"""})
    result = scan([str(root)])
    flagged = [f for f in result.findings if f.rule_id == "SC101"]
    assert flagged and flagged[0].line == 8
    md = render(result, [str(root)])
    assert md.startswith("# ")
    assert "Not deployable: 1 blocker would stop the deployment" in md
    section = next(s for s in _sections(md) if "`aws_efs_file_system.shared`" in s.splitlines()[0])
    before = section.split("Before (your code")[1].split("After (")[0]
    # The user's own offending line and its context, verbatim (indentation aside), not the rule's example.
    assert "kms_key_id     = aws_kms_key.data.id" in before
    assert 'creation_token = "shared-marker-7f3a"' in before
    assert "line 8 is flagged" in before
    after = section.split("After (")[1]
    assert "generic fixed example" in after.splitlines()[0]
    assert "aws_kms_key.data.arn" in after
    assert "**Error you would see**:" in section and "invalid ARN" in section
    assert "`terraform apply`" in section
    assert "| 1 | HIGH |" in md and "| YES |" in md


def test_input_errors_get_their_own_section(write) -> None:
    root = write({"main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = \n'})
    result = scan([str(root)])
    assert result.errors
    md = render(result, [str(root)])
    assert "## Input errors" in md
    assert "main.tf:" in md.split("## Input errors")[1]
