"""Suppressions: inline comments, CloudFormation Metadata, and a baseline of known findings.

Suppressed findings are never dropped silently: the scan result keeps them, with the reason, and
every report counts them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import cache

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource

IGNORE = re.compile(r"^\s*(?:#|//)\s*stackcheck:ignore\s+([A-Za-z0-9_,\- ]+?)(?:\s+(\S.*))?\s*$")
RULE_ID = re.compile(r"^SC\d{3}$")


@dataclass(frozen=True)
class Suppressed:
    finding: Finding
    how: str  # "inline", "metadata", "baseline"
    reason: str


@cache
def _lines(path: str) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return tuple(fh.read().splitlines())
    except OSError:
        return ()


def inline_ignores(res: Resource) -> list[tuple[str, str, int]]:
    """(rule id, reason, line) of each `stackcheck:ignore` comment just above the resource."""
    lines = _lines(res.file)
    out = []
    i = res.line - 2
    while 0 <= i < len(lines):
        text = lines[i]
        m = IGNORE.match(text)
        if m:
            for rule_id in re.split(r"[,\s]+", m.group(1).strip()):
                if rule_id:
                    out.append((rule_id.upper(), (m.group(2) or "").strip(), i + 1))
        elif not text.strip().startswith(("#", "//")):
            break
        i -= 1
    return out


def metadata_ignores(res: Resource) -> list[str]:
    meta = res.lifecycle.get("Metadata")
    if not isinstance(meta, dict):
        return []
    block = meta.get("stackcheck")
    ignore = block.get("ignore") if isinstance(block, dict) else None
    return [str(x).upper() for x in ignore] if isinstance(ignore, list) else []


def fingerprint(f: Finding, root: str = ".") -> str:
    """Stable across runs and line shifts: rule, file (relative), resource, attribute."""
    rel = os.path.relpath(f.file, root).replace(os.sep, "/")
    key = "|".join((f.rule_id, rel, f.resource, f.attribute or ""))
    return hashlib.sha256(key.encode()).hexdigest()


def load_baseline(path: str) -> set[str]:
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    return {entry["fingerprint"] for entry in doc.get("findings", [])}


def write_baseline(path: str, findings: list[Finding], root: str = ".") -> None:
    entries = [{"fingerprint": fingerprint(f, root), "rule_id": f.rule_id, "resource": f.resource,
                "file": os.path.relpath(f.file, root).replace(os.sep, "/")} for f in findings]
    entries.sort(key=lambda e: (e["file"], e["resource"], e["rule_id"], e["fingerprint"]))
    with open(path, "w", encoding="utf-8") as fh:
        json.dump({"version": 1, "findings": entries}, fh, indent=2)
        fh.write("\n")


def apply(findings: list[Finding], resources: dict[tuple[str, str], Resource], *, inline: bool,
          baseline: set[str] | None, root: str = ".") -> tuple[list[Finding], list[Suppressed]]:
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    for f in findings:
        res = resources.get((f.file, f.resource))
        hit = None
        if inline and res is not None:
            for rule_id, reason, _ in inline_ignores(res):
                if rule_id == f.rule_id:
                    hit = Suppressed(f, "inline", reason)
                    break
            if hit is None and f.rule_id in metadata_ignores(res):
                hit = Suppressed(f, "metadata", "CloudFormation Metadata stackcheck.ignore")
        if hit is None and baseline is not None and fingerprint(f, root) in baseline:
            hit = Suppressed(f, "baseline", "in the baseline")
        if hit is None:
            kept.append(f)
        else:
            suppressed.append(hit)
    return kept, suppressed
