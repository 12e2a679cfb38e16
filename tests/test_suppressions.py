"""Suppressions (inline, Metadata, baseline, --no-inline-ignores) and the config file."""

from __future__ import annotations

import json

from stackcheck.cli import main

BAD = 'resource "aws_ecr_repository" "r" {\n  name = "Upper"\n}\n'


def _json(capsys, *argv: str) -> tuple[int, dict]:
    code = main([*argv, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_inline_ignore_with_reason(write, capsys):
    root = write({"main.tf": "# stackcheck:ignore SC003 legacy name, repository imported\n" + BAD})
    code, data = _json(capsys, "scan", str(root))
    assert code == 0 and data["findings"] == []
    assert data["summary"]["suppressed"] == 1 and data["suppressed"][0]["reason"].startswith("legacy")
    code, data = _json(capsys, "scan", str(root), "--no-inline-ignores")
    assert code == 1 and data["findings"][0]["rule_id"] == "SC003"


def test_inline_ignore_without_reason_is_reported(write, capsys):
    root = write({"main.tf": "# stackcheck:ignore SC003\n" + BAD})
    _, data = _json(capsys, "scan", str(root))
    assert [f["rule_id"] for f in data["findings"]] == ["SC010"]


def test_cloudformation_metadata_ignore(write, capsys):
    root = write({"t.yaml": "Resources:\n  R:\n    Type: AWS::ECR::Repository\n    Metadata:\n"
                            "      stackcheck:\n        ignore: [SC003]\n    Properties:\n      RepositoryName: Upper\n"})
    code, data = _json(capsys, "scan", str(root))
    assert code == 0 and data["suppressed"][0]["how"] == "metadata"


def test_baseline_reports_only_new_findings(write, capsys, tmp_path):
    root = write({"main.tf": BAD})
    base = tmp_path / "baseline.json"
    assert main(["baseline", str(root), "-o", str(base)]) == 0
    capsys.readouterr()
    code, data = _json(capsys, "scan", str(root), "--baseline", str(base))
    assert code == 0 and data["findings"] == [] and data["summary"]["suppressed"] == 1
    (root / "main.tf").write_text("\n\n" + BAD + 'resource "aws_ecr_repository" "s" { name = "Also Bad" }\n')
    code, data = _json(capsys, "scan", str(root), "--baseline", str(base))
    assert code == 1 and [f["resource"] for f in data["findings"]] == ["aws_ecr_repository.s"]


def test_config_file(write, capsys):
    root = write({"main.tf": BAD, "legacy/main.tf": BAD,
                  ".stackcheck.toml": 'disable = ["SC003"]\nskip_paths = ["legacy"]\nseverity = "low"\n'
                                      '[profile]\nrequirements = false\n'})
    code, data = _json(capsys, "scan", str(root), "--config", str(root / ".stackcheck.toml"))
    assert code == 0 and data["findings"] == [] and data["summary"]["stacks"] == 1
    code, data = _json(capsys, "scan", str(root), "--config", str(root / ".stackcheck.toml"), "--enable", "SC003")
    assert code == 1


def test_pyproject_config_is_found(write, capsys, monkeypatch):
    root = write({"main.tf": BAD, "pyproject.toml": '[tool.stackcheck]\ndisable = ["SC003"]\n'})
    monkeypatch.chdir(root)
    code, _ = _json(capsys, "scan", ".")
    assert code == 0


def test_bad_config_is_an_input_error(write, capsys):
    root = write({"main.tf": BAD, ".stackcheck.toml": "disable = [\n"})
    assert main(["scan", str(root), "--config", str(root / ".stackcheck.toml")]) == 2
    assert ".stackcheck.toml:" in capsys.readouterr().err
