"""The pre-commit hooks and the GitHub Action, exercised as far as they run offline."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import yaml

from tests.conftest import ROOT

BAD = 'resource "aws_ecr_repository" "r" { name = "Upper" }\n'


def _run_entry(entry: str, files: list[str]) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(entry)
    assert argv[0] == "stackcheck"
    return subprocess.run([sys.executable, "-m", "stackcheck", *argv[1:], *files], capture_output=True, text=True)


def test_pre_commit_hooks_run_on_matching_files(write):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"stackcheck", "stackcheck-blockers"}
    root = write({"main.tf": BAD, "ok/main.tf": 'resource "aws_ecr_repository" "r" { name = "fine" }\n'})
    for hook in hooks:
        pattern = re.compile(hook["files"])
        assert pattern.search("infra/main.tf") and pattern.search("template.yaml")
        assert not pattern.search("README.md")
        assert _run_entry(hook["entry"], [str(root / "main.tf")]).returncode == 1
        assert _run_entry(hook["entry"], [str(root / "ok" / "main.tf")]).returncode == 0


def test_action_runs_the_documented_commands(write, tmp_path):
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    steps = action["runs"]["steps"]
    scan_step = next(s for s in steps if s.get("id") == "scan")
    assert "--format sarif" in scan_step["run"]
    assert any("upload-sarif" in s.get("uses", "") for s in steps)
    root = write({"main.tf": BAD})
    sarif = tmp_path / "out.sarif"
    args = shlex.split(action["inputs"]["args"]["default"])
    proc = subprocess.run([sys.executable, "-m", "stackcheck", "scan", str(root), *args, "--format", "sarif",
                           "--output", str(sarif)], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert '"ruleId": "SC003"' in sarif.read_text()
