"""`report/sarif.py`: SARIF 2.1.0 that validates against the OASIS schema and that GitHub code scanning accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackcheck import __version__
from stackcheck.report import sarif
from stackcheck.rules import get_rule
from stackcheck.scan import scan

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
BROKEN_TF = 'resource "aws_ecr_repository" "r" {\n  name = "Upper"\n}\n'
BAD_YAML = "Resources:\n  Q: [\n"


def _log(root: Path, paths: list[Path] | None = None) -> dict:
    result = scan([str(p) for p in (paths or [root])])
    return json.loads(sarif.render(result, root=str(root)))


@pytest.fixture
def broken(write) -> Path:
    return write({"main.tf": BROKEN_TF, "cfn/template.yaml": BAD_YAML})


def test_validates_against_the_sarif_2_1_0_schema(broken):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    log = _log(broken, [broken / "main.tf", broken / "cfn" / "template.yaml"])
    assert log["runs"][0]["results"] and log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_vendored_schema_is_the_oasis_one():
    schema = json.loads(SCHEMA.read_text())
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]


def test_structure_driver_rules_results(broken):
    log = _log(broken, [broken / "main.tf", broken / "cfn" / "template.yaml"])
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "stackcheck" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")

    [result] = [r for r in run["results"] if r["ruleId"] == "SC003"]
    rule_doc = driver["rules"][result["ruleIndex"]]
    assert rule_doc["id"] == "SC003"
    rule = get_rule("SC003")
    assert rule_doc["name"] == rule.name
    assert rule_doc["shortDescription"]["text"] == rule.title
    assert rule_doc["fullDescription"]["text"] == rule.finds
    assert rule_doc["help"]["markdown"].startswith("# SC003 ") and rule_doc["help"]["text"]
    assert rule_doc["helpUri"] == "https://github.com/stackcheck/stackcheck/blob/main/docs/rules/SC003.md"
    assert rule_doc["defaultConfiguration"]["level"] == "error"
    assert rule_doc["properties"]["tags"] == [rule.category, *rule.frameworks]
    # Only the rules that produced a finding, sorted, each once.
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted({r["ruleId"] for r in run["results"]})

    assert result["level"] == "error"
    assert "upper-case" in result["message"]["text"] and " Fix: " in result["message"]["text"]
    loc = result["locations"][0]
    phys = loc["physicalLocation"]
    assert phys["artifactLocation"] == {"uri": "main.tf", "uriBaseId": "%SRCROOT%"}
    assert phys["region"] == {"startLine": 2, "startColumn": 1}
    assert loc["logicalLocations"][0]["fullyQualifiedName"] == "aws_ecr_repository.r"
    props = result["properties"]
    assert props["blocker"] is True and props["severity"] == "high" and props["stage"] == rule.stage
    assert props["resource"] == "aws_ecr_repository.r" and props["resourceType"] == "aws_ecr_repository"
    assert len(result["partialFingerprints"]["stackcheck/v1"]) == 64

    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "YAML" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "cfn/template.yaml"


def test_clean_scan_is_successful_and_empty(write):
    root = write({"main.tf": 'resource "aws_ecr_repository" "r" {\n  name = "lower"\n}\n'})
    run = _log(root)["runs"][0]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []
    assert run["invocations"][0] == {"executionSuccessful": True, "toolExecutionNotifications": []}


def test_fingerprints_stable_across_runs_and_line_shifts(write, tmp_path):
    root = write({"main.tf": BROKEN_TF})
    first = _log(root)["runs"][0]["results"][0]
    second = _log(root)["runs"][0]["results"][0]
    assert first["partialFingerprints"] == second["partialFingerprints"]

    (root / "main.tf").write_text("\n\n" + BROKEN_TF)
    shifted = _log(root)["runs"][0]["results"][0]
    assert shifted["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert shifted["partialFingerprints"] == first["partialFingerprints"]

    # ...but it does depend on the file: the same resource elsewhere is another alert.
    (root / "main.tf").unlink()
    (root / "other.tf").write_text(BROKEN_TF)
    moved = _log(root)["runs"][0]["results"][0]
    assert moved["partialFingerprints"] != first["partialFingerprints"]


def test_paths_relative_to_root_and_cwd(write, tmp_path, monkeypatch):
    root = write({"stacks/app/main.tf": BROKEN_TF, "stacks/app/bad.yaml": BAD_YAML})
    paths = [str(root / "stacks" / "app"), str(root / "stacks" / "app" / "bad.yaml")]
    result = scan(paths)
    text = sarif.render(result, root=str(root))
    assert str(tmp_path) not in text
    log = json.loads(text)
    run = log["runs"][0]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "stacks/app/main.tf"
    note_uri = run["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]
    assert note_uri["physicalLocation"]["artifactLocation"]["uri"] == "stacks/app/bad.yaml"

    monkeypatch.chdir(root / "stacks")
    default = json.loads(sarif.render(result))["runs"][0]["results"][0]
    assert default["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app/main.tf"
    # The fingerprint hashes the path relative to the root, so a different root is a different one.
    assert default["partialFingerprints"] != run["results"][0]["partialFingerprints"]


def test_file_outside_root_gets_an_absolute_file_uri(write, tmp_path):
    root = write({"main.tf": BROKEN_TF, "elsewhere/x.txt": ""})
    result = scan([str(root / "main.tf")])
    log = json.loads(sarif.render(result, root=str(root / "elsewhere")))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"].startswith("file:///") and "uriBaseId" not in location


def test_deterministic(broken):
    paths = [str(broken / "main.tf"), str(broken / "cfn" / "template.yaml")]
    assert sarif.render(scan(paths), root=str(broken)) == sarif.render(scan(paths), root=str(broken))


@pytest.mark.parametrize(("severity", "level"), [
    ("critical", "error"), ("high", "error"), ("medium", "warning"), ("low", "note"), ("info", "note"),
])
def test_levels(severity, level):
    assert sarif.level(severity) == level
