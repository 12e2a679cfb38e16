"""The requirement profile: on by default, switched off, or replaced in the config."""

from __future__ import annotations

import json
import subprocess
import sys

STACK = '''
resource "aws_kms_key" "data" {
  description         = "data"
  enable_key_rotation = false
}

resource "aws_secretsmanager_secret" "db" {
  name = "db-dev"
}
'''


def run(cwd, *args):
    proc = subprocess.run([sys.executable, "-m", "stackcheck", "scan", ".", "--format", "json", *args],
                          capture_output=True, text=True, cwd=cwd)
    return proc, (json.loads(proc.stdout) if proc.stdout.strip() else None)


def rule_ids(data):
    return {f["rule_id"] for f in data["findings"]}


def test_production_profile_is_on_by_default(write):
    root = write({"main.tf": STACK})
    _, data = run(root)
    assert {"SC103", "SC104"} <= rule_ids(data)


def test_profile_none_switches_requirements_off(write):
    root = write({"main.tf": STACK, ".stackcheck.toml": '[profile]\nname = "none"\n'})
    _, data = run(root)
    assert not {"SC103", "SC104"} & rule_ids(data)


def test_profile_rules_replace_the_set(write):
    root = write({"main.tf": STACK, ".stackcheck.toml": '[profile]\nrules = ["SC103"]\n'})
    _, data = run(root)
    ids = rule_ids(data)
    assert "SC103" in ids and "SC104" not in ids


def test_profile_parameters_are_checked(write):
    root = write({"main.tf": STACK, ".stackcheck.toml": '[profile]\nmin_backup_retention_days = "7"\n'})
    proc, _ = run(root)
    assert proc.returncode == 2 and "min_backup_retention_days must be a whole number" in proc.stderr


def test_profile_rejects_unknown_settings_and_non_requirement_rules(write):
    root = write({"main.tf": STACK, ".stackcheck.toml": '[profile]\nrules = ["SC001"]\n'})
    proc, _ = run(root)
    assert proc.returncode == 2 and "SC001" in proc.stderr and ".stackcheck.toml:1: error:" in proc.stderr
    (root / ".stackcheck.toml").write_text('[profile]\nrequirement = false\n')
    proc, _ = run(root)
    assert proc.returncode == 2 and "unknown [profile] setting(s): requirement" in proc.stderr


ROOT_STACK = 'provider "aws" {\n  region = "us-east-1"\n}\n' + STACK


def test_stack_without_any_output_is_held_to_the_outputs_requirement(write):
    root = write({"main.tf": ROOT_STACK})
    _, data = run(root)
    assert {f["resource"] for f in data["findings"] if f["rule_id"] == "SC902"} == {
        "aws_kms_key.data", "aws_secretsmanager_secret.db"}


def test_require_outputs_false_judges_only_partial_exports(write):
    config = '[profile]\nrequire_outputs = false\n'
    root = write({"main.tf": ROOT_STACK, ".stackcheck.toml": config})
    _, data = run(root)
    assert "SC902" not in rule_ids(data)
    partial = ROOT_STACK + 'output "key" {\n  value = aws_kms_key.data.arn\n}\n'
    (root / "main.tf").write_text(partial)
    _, data = run(root)
    assert {f["resource"] for f in data["findings"] if f["rule_id"] == "SC902"} == {"aws_secretsmanager_secret.db"}


def test_terraform_module_without_outputs_is_left_to_its_caller(write):
    root = write({"main.tf": STACK})
    _, data = run(root)
    assert "SC902" not in rule_ids(data)
