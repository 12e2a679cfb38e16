"""The command line: the finding contract, exit codes, formats, bad input."""

from __future__ import annotations

import json
import subprocess
import sys

from stackcheck.cli import main

BROKEN = 'resource "aws_ecr_repository" "r" { name = "Upper" }\n'
CONTRACT = {"rule_id", "severity", "blocker", "resource", "resource_type", "attribute", "file", "line",
            "message", "fix"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stackcheck", *args], capture_output=True, text=True)


def test_json_contract_and_exit_1(write):
    root = write({"main.tf": BROKEN})
    proc = run("scan", str(root), "--format", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    finding = data["findings"][0]
    assert finding.keys() >= CONTRACT
    assert finding["rule_id"] == "SC003" and finding["blocker"] is True
    assert finding["resource"] == "aws_ecr_repository.r" and finding["line"] == 1


def test_clean_exit_0_and_text(write):
    root = write({"main.tf": 'resource "aws_ecr_repository" "r" { name = "lower" }\n'})
    proc = run("scan", str(root))
    assert proc.returncode == 0
    assert "0 blocker(s)" in proc.stdout


def test_bad_input_exit_2_others_still_scanned(write):
    root = write({"a/main.tf": BROKEN, "b/template.yaml": "Resources:\n  Q: [\n"})
    proc = run("scan", str(root / "a"), str(root / "b" / "template.yaml"), "--format", "json")
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["findings"][0]["rule_id"] == "SC003"
    err = proc.stderr.strip().splitlines()[0]
    assert err.startswith(str(root / "b" / "template.yaml") + ":") and ": error: " in err


def test_missing_path_and_usage_errors_exit_2(tmp_path):
    assert main(["scan", str(tmp_path / "nope")]) == 2
    assert main(["scan"]) == 2
    assert main(["explain", "SC999"]) == 2


def test_severity_threshold_and_disable(write):
    root = write({"main.tf": BROKEN})
    assert main(["scan", str(root), "--disable", "SC003"]) == 0
    assert main(["scan", str(root), "--severity", "critical"]) == 0


def test_deterministic_output(write):
    root = write({"main.tf": BROKEN})
    first = run("scan", str(root), "--format", "json").stdout
    assert first == run("scan", str(root), "--format", "json").stdout


def test_rules_and_explain(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "SC101" in out and "reference-where-arn-required" in out
    assert main(["explain", "SC101"]) == 0
    assert "## Evidence" in capsys.readouterr().out


def test_version_loads_no_rules():
    code = ("import sys; from stackcheck.cli import main\n"
            "try: main(['--version'])\nexcept SystemExit: pass\n"
            "assert not any(m.startswith('stackcheck.rules') for m in sys.modules), 'rules imported'\n"
            "assert 'yaml' not in sys.modules and 'tree_sitter' not in sys.modules")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_internal_error_exits_2_and_names_the_rule(write, monkeypatch, capsys):
    """A rule that crashes leaves the scan incomplete: exit 2, never the 0 of a clean scan."""
    import dataclasses

    from stackcheck import rules

    root = write({"main.tf": 'resource "aws_ecr_repository" "r" { name = "lower" }\n'})

    def boom(stack, ctx):
        raise KeyError("oops")

    original = rules.all_rules()
    patched = [dataclasses.replace(r, check=boom) if r.id == "SC003" else r for r in original]
    monkeypatch.setattr(rules, "all_rules", lambda: patched)
    assert main(["scan", str(root), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert "internal error" in err and "SC003" in err and "KeyError" in err
