"""`--format junit`: JUnit XML, the shape CI systems (GitLab, Jenkins, Azure, GitHub test reporters) render.

- One <testsuite> per rule that applies to the scan (its frameworks include a scanned stack's),
  named "RULE_ID rule-name", sorted by rule id.
- One <testcase> per (rule, resource the rule checked): a resource is checked by a rule when the
  rule's frameworks include the resource's framework. classname = the resource's file relative to
  the current directory, name = the resource address.
- A finding is a <failure message="RULE_ID RESOURCE: message" type="SEVERITY"> whose text holds the
  message, the fix and FILE:LINE. Each failure has a testcase of its own, so that every CI counts
  it the same way: when one rule finds several things wrong with one resource, each gets its own
  testcase, named "ADDRESS.ATTRIBUTE" (or "ADDRESS #N"). Findings about something that is not a
  resource of a stack (a backend block, the outputs) get a testcase named after what they found.
- Passing testcases are written only while the scan has fewer than MAX_TESTCASES (rule, resource)
  pairs; above that only the failing ones are, and each suite says so in a <property>.
- Input errors: <testsuite name="input-errors"> with an <error> per file that could not be read
  (written only when there are some); internal errors likewise in "internal-errors".
- tests / failures / errors / skipped are counted on every suite and on <testsuites>. No times or
  timestamps: the output is deterministic.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field

from stackcheck.findings import Finding
from stackcheck.rules import all_rules
from stackcheck.rules.base import Rule
from stackcheck.scan import ScanResult

MAX_TESTCASES = 50_000

# Characters XML 1.0 cannot carry at all (ElementTree would write them and produce invalid XML).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _rel(file: str) -> str:
    try:
        rel = os.path.relpath(file)
    except ValueError:  # another drive on Windows
        rel = file
    return rel.replace(os.sep, "/")


@dataclass
class _Case:
    classname: str
    name: str
    file: str
    line: int
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _Suite:
    name: str
    cases: list[_Case] = field(default_factory=list)
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)  # classname, name, message, text
    error_type: str = "InputError"
    properties: dict[str, str] = field(default_factory=dict)


def _finding_text(f: Finding) -> str:
    return f"{f.message}\nFix: {f.fix}\n{_rel(f.file)}:{f.line}"


def _applicable_rules(result: ScanResult) -> list[Rule]:
    frameworks = {s.framework for s in result.stacks}
    fired = {f.rule_id for f in result.findings}
    ran = result.rules_run
    return [r for r in all_rules() if r.id in fired
            or (frameworks.intersection(r.frameworks) and (ran is None or r.id in ran))]


def _rule_suites(result: ScanResult) -> list[_Suite]:
    rules = _applicable_rules(result)
    by_rule: dict[str, dict[tuple[str, str], list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in result.findings:
        by_rule[f.rule_id][(os.path.normpath(f.file), f.resource)].append(f)
    resources = [res for stack in result.stacks for res in stack.resources]
    pairs = sum(1 for rule in rules for res in resources if res.framework in rule.frameworks)
    with_passing = pairs < MAX_TESTCASES

    known = {r.id for r in rules}
    suites: list[_Suite] = []
    for rule in rules:
        suite = _Suite(f"{rule.id} {rule.name}")
        if not with_passing:
            suite.properties["passing-testcases"] = (
                f"omitted: {pairs} (rule, resource) checks is over the limit of {MAX_TESTCASES}")
        findings = by_rule.get(rule.id, {})
        seen: set[tuple[str, str]] = set()
        for res in resources:
            if res.framework not in rule.frameworks:
                continue
            key = (os.path.normpath(res.file), res.address)
            if key in seen:
                continue
            seen.add(key)
            if key in findings:
                suite.cases.extend(_failing_cases(findings[key]))
            elif with_passing:
                suite.cases.append(_Case(_rel(res.file), res.address, _rel(res.file), res.line))
        for key in sorted(set(findings) - seen):
            suite.cases.extend(_failing_cases(findings[key]))
        suites.append(suite)
    # Findings of a rule not in the registry (should not happen) still count.
    for rule_id in sorted(set(by_rule) - known):
        suite = _Suite(rule_id)
        for key in sorted(by_rule[rule_id]):
            suite.cases.extend(_failing_cases(by_rule[rule_id][key]))
        suites.append(suite)
    for suite in suites:
        suite.cases.sort(key=lambda c: (c.classname, c.name))
    return suites


def _failing_cases(findings: list[Finding]) -> list[_Case]:
    """One testcase per finding; names stay unique when one resource has several findings."""
    findings = sorted(findings, key=lambda f: (f.line, f.attribute or "", f.message))
    first = findings[0]
    if len(findings) == 1:
        return [_Case(_rel(first.file), first.resource, _rel(first.file), first.line, [first])]
    cases: list[_Case] = []
    used: set[str] = set()
    for i, f in enumerate(findings, 1):
        name = f"{f.resource}.{f.attribute}" if f.attribute else f"{f.resource} #{i}"
        if name in used:
            name = f"{name} #{i}"
        used.add(name)
        cases.append(_Case(_rel(f.file), name, _rel(f.file), f.line, [f]))
    return cases


def _error_suites(result: ScanResult) -> list[_Suite]:
    suites: list[_Suite] = []
    if result.errors:
        suite = _Suite("input-errors")
        for e in sorted(result.errors, key=lambda e: (_rel(e.file), e.line, e.message)):
            rel = _rel(e.file)
            suite.errors.append((rel, f"{rel}:{e.line}", e.message, f"{rel}:{e.line}: error: {e.message}"))
        suites.append(suite)
    if result.internal_errors:
        suite = _Suite("internal-errors", error_type="InternalError")
        for i, msg in enumerate(sorted(result.internal_errors), 1):
            suite.errors.append(("stackcheck", f"internal error #{i}", msg,
                                 f"stackcheck: internal error (please report): {msg}"))
        suites.append(suite)
    return suites


def _counts(el: ET.Element, tests: int, failures: int, errors: int) -> None:
    el.set("tests", str(tests))
    el.set("failures", str(failures))
    el.set("errors", str(errors))
    el.set("skipped", "0")


def build(result: ScanResult) -> ET.Element:
    """The report as an ElementTree element (render() serialises it)."""
    root = ET.Element("testsuites", {"name": "stackcheck"})
    total = [0, 0, 0]
    for suite in _rule_suites(result) + _error_suites(result):
        el = ET.SubElement(root, "testsuite", {"name": _clean(suite.name)})
        if suite.properties:
            props = ET.SubElement(el, "properties")
            for key, value in sorted(suite.properties.items()):
                ET.SubElement(props, "property", {"name": key, "value": _clean(value)})
        tests = failures = errors = 0
        for case in suite.cases:
            tc = ET.SubElement(el, "testcase", {"classname": _clean(case.classname), "name": _clean(case.name),
                                                "file": _clean(case.file), "line": str(case.line)})
            tests += 1
            for f in case.findings:
                failure = ET.SubElement(tc, "failure", {
                    "message": _clean(f"{f.rule_id} {f.resource}: {f.message}"), "type": f.severity})
                failure.text = _clean(_finding_text(f))
            failures += 1 if case.findings else 0
        error_type = suite.error_type
        for classname, name, message, text in suite.errors:
            tc = ET.SubElement(el, "testcase", {"classname": _clean(classname), "name": _clean(name)})
            error = ET.SubElement(tc, "error", {"message": _clean(message), "type": error_type})
            error.text = _clean(text)
            tests += 1
            errors += 1
        _counts(el, tests, failures, errors)
        total[0] += tests
        total[1] += failures
        total[2] += errors
    _counts(root, *total)
    return root


def render(result: ScanResult) -> str:
    root = build(result)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
