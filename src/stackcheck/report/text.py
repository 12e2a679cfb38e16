"""`--format text`: for people. Grouped by file, severity in colour, the offending line, the fix."""

from __future__ import annotations

import os
from collections import defaultdict
from functools import cache

from stackcheck.findings import Finding
from stackcheck.scan import ScanResult

_COLORS = {"critical": "\033[1;31m", "high": "\033[31m", "medium": "\033[33m", "low": "\033[36m",
           "info": "\033[37m"}
_DIM, _BOLD, _RESET = "\033[2m", "\033[1m", "\033[0m"


@cache
def _lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read().splitlines()
    except OSError:
        return []


def render(result: ScanResult, color: bool = False) -> str:
    def c(code: str, s: str) -> str:
        return f"{code}{s}{_RESET}" if color else s

    out: list[str] = []
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_file[f.file].append(f)
    for file in sorted(by_file):
        out.append(c(_BOLD, os.path.relpath(file)))
        for f in by_file[file]:
            tag = "BLOCKER " if f.blocker else ""
            out.append(f"  {f.line:>4}  {c(_COLORS.get(f.severity, ''), f.severity.upper() + ' ' + tag).rstrip()}"
                       f"  {f.rule_id}  {f.resource}{'.' + f.attribute if f.attribute else ''}"
                       + (f"  (construct {f.construct_path})" if f.construct_path else ""))
            out.append(f"        {f.message}")
            src = _lines(file)
            if 0 < f.line <= len(src):
                out.append(c(_DIM, f"        {f.line} | {src[f.line - 1].strip()[:120]}"))
            out.append(f"        fix: {f.fix}")
        out.append("")
    for e in result.errors:
        out.append(f"{e.file}:{e.line}: error: {e.message}")
    for msg in result.internal_errors:
        out.append(f"stackcheck bug: {msg}")
    resources = sum(len(s.resources) for s in result.stacks)
    blockers = len(result.blockers)
    summary = (f"{len(result.stacks)} stack(s), {resources} resource(s): {len(result.findings)} finding(s), "
               f"{blockers} blocker(s)")
    if result.suppressed:
        summary += f", {len(result.suppressed)} suppressed"
    if result.errors:
        summary += f", {len(result.errors)} input error(s)"
    out.append(c(_BOLD, summary))
    return "\n".join(out) + "\n"
