"""`report/junit.py`: JUnit XML with correct counts, one testcase per (rule, resource)."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from stackcheck.report import junit
from stackcheck.rules import all_rules
from stackcheck.scan import ScanResult, scan

BROKEN_TF = 'resource "aws_ecr_repository" "r" {\n  name = "Upper"\n}\n'
CLEAN_TF = 'resource "aws_ecr_repository" "ok" {\n  name = "lower"\n}\n'
BAD_YAML = "Resources:\n  Q: [\n"


def _scan(root: Path, monkeypatch) -> ScanResult:
    monkeypatch.chdir(root)
    return scan(["main.tf", "cfn/template.yaml"])


def _parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text.encode("utf-8"))


def _check_counts(root: ET.Element) -> None:
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        counted = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
        }
        assert sum(len(c.findall("failure")) for c in cases) == counted["failures"]  # one per testcase
        for key, value in counted.items():
            assert int(suite.get(key)) == value, (suite.get("name"), key)
            totals[key] += value
        assert suite.get("skipped") == "0"
    for key, value in totals.items():
        assert int(root.get(key)) == value, key


@pytest.fixture
def broken(write) -> Path:
    return write({"main.tf": BROKEN_TF + CLEAN_TF, "cfn/template.yaml": BAD_YAML})


def test_counts_failure_and_input_errors(broken, monkeypatch):
    root = _parse(junit.render(_scan(broken, monkeypatch)))
    assert root.tag == "testsuites"
    _check_counts(root)
    assert root.get("failures") == "1" and root.get("errors") == "1"

    suites = {s.get("name"): s for s in root.findall("testsuite")}
    tf_rules = [r for r in all_rules() if "terraform" in r.frameworks]
    assert list(suites) == [f"{r.id} {r.name}" for r in tf_rules] + ["input-errors"]
    # Every Terraform rule checked both resources.
    assert int(root.get("tests")) == 2 * len(tf_rules) + 1

    sc003 = suites["SC003 api-value-constraint"]
    assert sc003.get("tests") == "2" and sc003.get("failures") == "1"
    [failing] = [c for c in sc003.findall("testcase") if c.find("failure") is not None]
    assert failing.get("classname") == "main.tf" and failing.get("name") == "aws_ecr_repository.r"
    failure = failing.find("failure")
    assert "SC003" in failure.get("message") and "aws_ecr_repository.r" in failure.get("message")
    assert failure.get("type") == "high"
    assert "Fix: " in failure.text and failure.text.rstrip().endswith("main.tf:2")
    passing = [c for c in sc003.findall("testcase") if c.find("failure") is None]
    assert [c.get("name") for c in passing] == ["aws_ecr_repository.ok"]

    errors = suites["input-errors"]
    assert errors.get("tests") == "1" and errors.get("errors") == "1"
    error = errors.find("testcase/error")
    assert "YAML" in error.get("message") and "cfn/template.yaml:" in error.text


def test_classname_relative_to_cwd(write, monkeypatch):
    root = write({"stacks/app/main.tf": BROKEN_TF})
    result = scan([str(root / "stacks" / "app")])
    monkeypatch.chdir(root / "stacks")
    text = junit.render(result)
    assert str(root) not in text
    case = _parse(text).find(".//failure/..")
    assert case.get("classname") == "app/main.tf"


def test_only_failing_testcases_over_the_limit(broken, monkeypatch):
    result = _scan(broken, monkeypatch)
    monkeypatch.setattr(junit, "MAX_TESTCASES", 3)
    root = _parse(junit.render(result))
    _check_counts(root)
    assert root.get("tests") == "2" and root.get("failures") == "1" and root.get("errors") == "1"
    sc003 = next(s for s in root.findall("testsuite") if s.get("name").startswith("SC003 "))
    assert sc003.find("properties/property").get("name") == "passing-testcases"
    assert [c.get("name") for c in sc003.findall("testcase")] == ["aws_ecr_repository.r"]


def test_several_findings_on_one_resource_get_one_testcase_each(write, monkeypatch):
    root = write({"main.tf": BROKEN_TF})
    monkeypatch.chdir(root)
    result = scan(["main.tf"])
    [finding] = result.findings
    other = dataclasses.replace(finding, attribute="image_tag_mutability", line=3, message="second \x01problem")
    result.findings.append(other)
    xml = _parse(junit.render(result))
    _check_counts(xml)
    sc003 = next(s for s in xml.findall("testsuite") if s.get("name").startswith("SC003 "))
    names = [c.get("name") for c in sc003.findall("testcase")]
    assert names == ["aws_ecr_repository.r.image_tag_mutability", "aws_ecr_repository.r.name"]
    assert sc003.get("failures") == "2"


def test_clean_scan_has_no_input_error_suite(write, monkeypatch):
    root = write({"main.tf": CLEAN_TF})
    monkeypatch.chdir(root)
    xml = _parse(junit.render(scan(["main.tf"])))
    _check_counts(xml)
    assert xml.get("failures") == "0" and xml.get("errors") == "0" and int(xml.get("tests")) > 0
    assert "input-errors" not in [s.get("name") for s in xml.findall("testsuite")]


def test_deterministic(broken, monkeypatch):
    result = _scan(broken, monkeypatch)
    assert junit.render(result) == junit.render(_scan(broken, monkeypatch))


def test_junitparser_reads_it(broken, monkeypatch, tmp_path):
    junitparser = pytest.importorskip("junitparser")
    report = tmp_path / "report.xml"
    report.write_text(junit.render(_scan(broken, monkeypatch)), encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(report))
    before = {s.name: (s.tests, s.failures, s.errors) for s in xml}
    for suite in xml:
        suite.update_statistics()
    assert {s.name: (s.tests, s.failures, s.errors) for s in xml} == before
    sc003 = next(s for s in xml if s.name.startswith("SC003 "))
    failed = [c for c in sc003 if not c.is_passed]
    assert [c.name for c in failed] == ["aws_ecr_repository.r"]
    assert isinstance(failed[0].result[0], junitparser.Failure)


def test_rules_that_did_not_run_are_not_listed_as_passing(write, monkeypatch):
    """A disabled rule, or a requirement outside the profile, checked nothing: no passing testcase."""
    from stackcheck.rules.base import Context

    root = write({"main.tf": CLEAN_TF})
    monkeypatch.chdir(root)
    names = lambda xml: {s.get("name").split()[0] for s in xml.findall("testsuite")}  # noqa: E731
    everything = names(_parse(junit.render(scan(["main.tf"]))))
    assert {"SC003", "SC901"} <= everything
    fewer = names(_parse(junit.render(scan(["main.tf"], ctx=Context(profile={"requirements": False}),
                                           disabled={"SC003"}))))
    assert "SC003" not in fewer and "SC901" not in fewer
    assert everything - fewer == {r.id for r in all_rules() if r.id in everything
                                  and (r.id == "SC003" or r.category == "requirement")}
