"""`--format json`: one object with the findings, input errors and a summary."""

from __future__ import annotations

import json
from collections import Counter

from stackcheck import __version__
from stackcheck.scan import ScanResult


def render(result: ScanResult) -> str:
    sev = Counter(f.severity for f in result.findings)
    payload = {
        "tool": {"name": "stackcheck", "version": __version__},
        "summary": {
            "stacks": len(result.stacks),
            "resources": sum(len(s.resources) for s in result.stacks),
            "findings": len(result.findings),
            "blockers": len(result.blockers),
            "by_severity": {k: sev[k] for k in ("critical", "high", "medium", "low", "info") if sev[k]},
            "input_errors": len(result.errors),
            "suppressed": len(result.suppressed),
        },
        "findings": [f.to_dict() for f in result.findings],
        "errors": [{"file": e.file, "line": e.line, "message": e.message} for e in result.errors],
        "suppressed": [{"rule_id": s.finding.rule_id, "resource": s.finding.resource, "file": s.finding.file,
                        "line": s.finding.line, "how": s.how, "reason": s.reason} for s in result.suppressed],
        "internal_errors": result.internal_errors,
    }
    return json.dumps(payload, indent=2, sort_keys=False) + "\n"
