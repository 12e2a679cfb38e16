"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run. `tool.driver.rules` lists the rules that produced a finding, sorted by id: GitHub reads
rule metadata only for rules that results refer to, so listing all of them would only make every
upload larger (each carries the rule's full Markdown documentation). `ruleIndex` points into that
list.

Paths are relative to `root` (default: the current directory) with `uriBaseId` "%SRCROOT%", which
is how GitHub maps them onto the checked-out repository; `originalUriBaseIds` is left out so that
the log holds no absolute path of the machine that wrote it. A file outside `root` gets an
absolute `file://` URI instead.

`partialFingerprints["stackcheck/v1"]` is a SHA-256 over rule id, relative file, resource address
and attribute: it survives lines being added above the resource, so GitHub keeps tracking the
same alert. The output is deterministic: sorted results, no timestamps, no absolute paths.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from stackcheck import __version__
from stackcheck.docs import explain
from stackcheck.findings import SEVERITY_RANK, Finding
from stackcheck.rules import all_rules
from stackcheck.rules.base import Rule
from stackcheck.scan import ScanResult

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/stackcheck/stackcheck"
RULE_DOC_URI = "https://github.com/stackcheck/stackcheck/blob/main/docs/rules/{id}.md"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "stackcheck/v1"

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


def level(severity: str) -> str:
    return LEVELS.get(severity, "warning")


def relative_path(file: str, root: str) -> str | None:
    """`file` relative to `root` with forward slashes, or None when it lies outside `root`."""
    try:
        rel = os.path.relpath(os.path.abspath(file), os.path.abspath(root))
    except ValueError:  # another drive on Windows
        return None
    parts = PurePath(rel).parts
    if parts and parts[0] == os.pardir:
        return None
    return "/".join(parts) if parts else "."


def artifact_location(file: str, root: str) -> dict[str, Any]:
    rel = relative_path(file, root)
    if rel is None:
        return {"uri": Path(os.path.abspath(file)).as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": SRCROOT}


def fingerprint(finding: Finding, root: str) -> str:
    # The same fingerprint as the baseline's, so an alert and its baseline entry agree.
    from stackcheck.suppress import fingerprint as stable_fingerprint

    return stable_fingerprint(finding, root)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?:" else text + "."


def _help_text(rule: Rule) -> str:
    parts = [f"{rule.id} {rule.name}: {rule.title}", "", _sentence(rule.finds), "", _sentence(rule.why)]
    if rule.error:
        parts += ["", "The error:", rule.error]
    parts += ["", "Broken:", rule.broken.strip("\n"), "", "Fixed:", rule.fixed.strip("\n")]
    if rule.evidence:
        parts += ["", "Evidence:", *(f"- {e}" for e in rule.evidence)]
    return "\n".join(parts) + "\n"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.finds},
        "help": {"text": _help_text(rule), "markdown": explain(rule)},
        "helpUri": RULE_DOC_URI.format(id=rule.id),
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {
            "tags": [rule.category, *rule.frameworks],
            "category": rule.category,
            "frameworks": list(rule.frameworks),
            "severity": rule.severity,
            "blocker": rule.blocker,
            "stage": rule.stage,
        },
    }


def _unknown_rule_descriptor(finding: Finding) -> dict[str, Any]:
    """A finding whose rule is not registered (should not happen): describe it from the finding."""
    title = finding.title or finding.rule_id
    return {
        "id": finding.rule_id,
        "shortDescription": {"text": title},
        "defaultConfiguration": {"level": level(finding.severity)},
        "properties": {"tags": [t for t in (finding.category, finding.framework) if t]},
    }


def _region(line: int) -> dict[str, int]:
    return {"startLine": max(line, 1), "startColumn": 1}


def _result(finding: Finding, index: int, root: str) -> dict[str, Any]:
    return {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": level(finding.severity),
        "message": {"text": f"{_sentence(finding.message)} Fix: {finding.fix.strip()}"},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact_location(finding.file, root),
                "region": _region(finding.line),
            },
            "logicalLocations": [{
                "name": finding.resource,
                "fullyQualifiedName": finding.construct_path or finding.resource,
                "kind": "resource",
            }],
        }],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, root)},
        "properties": {
            "blocker": finding.blocker,
            "severity": finding.severity,
            "stage": finding.stage,
            "resource": finding.resource,
            "resourceType": finding.resource_type,
            "attribute": finding.attribute,
        },
    }


def _notifications(result: ScanResult, root: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for err in sorted(result.errors, key=lambda e: (relative_path(e.file, root) or e.file, e.line, e.message)):
        physical: dict[str, Any] = {"artifactLocation": artifact_location(err.file, root)}
        if err.line and err.line > 0:
            physical["region"] = {"startLine": err.line}
        out.append({
            "level": "error",
            "message": {"text": err.message},
            "descriptor": {"id": "input-error"},
            "locations": [{"physicalLocation": physical}],
        })
    for msg in sorted(result.internal_errors):
        out.append({
            "level": "error",
            "message": {"text": f"internal error (please report): {msg}"},
            "descriptor": {"id": "internal-error"},
        })
    return out


def build(result: ScanResult, root: str | None = None) -> dict[str, Any]:
    """The SARIF log as a dict (render() serialises it)."""
    root = root if root is not None else os.getcwd()
    known = {r.id: r for r in all_rules()}
    findings = sorted(result.findings, key=lambda f: (
        relative_path(f.file, root) or f.file, f.line, SEVERITY_RANK.get(f.severity, 9), f.rule_id,
        f.resource, f.attribute or "", f.message))
    rule_ids = sorted({f.rule_id for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    descriptors = []
    for rule_id in rule_ids:
        rule = known.get(rule_id)
        if rule is not None:
            descriptors.append(rule_descriptor(rule))
        else:
            descriptors.append(_unknown_rule_descriptor(next(f for f in findings if f.rule_id == rule_id)))
    run = {
        "tool": {
            "driver": {
                "name": "stackcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "invocations": [{
            "executionSuccessful": not result.errors,
            "toolExecutionNotifications": _notifications(result, root),
        }],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule_id], root) for f in findings],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: ScanResult, root: str | None = None) -> str:
    return json.dumps(build(result, root), indent=2, ensure_ascii=False) + "\n"
