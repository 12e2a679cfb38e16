"""Rule documentation as text: `stackcheck rules`, `stackcheck explain`, and docs/rules/."""

from __future__ import annotations

from stackcheck.rules.base import Rule


def rules_table() -> str:
    from stackcheck.rules import all_rules

    rows = [f"{'ID':<7} {'SEVERITY':<9} {'BLOCKER':<8} {'FRAMEWORKS':<26} NAME"]
    for r in all_rules():
        rows.append(f"{r.id:<7} {r.severity:<9} {'yes' if r.blocker else 'no':<8} "
                    f"{','.join(r.frameworks):<26} {r.name}")
    return "\n".join(rows) + "\n"


def explain(rule: Rule) -> str:
    """The rule's documentation in Markdown."""
    lines = [
        f"# {rule.id} {rule.name}", "", f"**{rule.title}**", "",
        f"- Severity: {rule.severity}; blocker: {'yes' if rule.blocker else 'no'}; category: {rule.category}",
        f"- Frameworks: {', '.join(rule.frameworks)}",
        f"- Fails at: {rule.stage}", "",
        "## What it finds", "", rule.finds, "",
        "## Why", "", rule.why, "",
    ]
    if rule.error:
        lines += ["## The error", "", "```", rule.error, "```", ""]
    lines += ["## Broken", "", "```", rule.broken.strip("\n"), "```", "",
              "## Fixed", "", "```", rule.fixed.strip("\n"), "```", "",
              "## Evidence", ""]
    lines += [f"- {e}" for e in rule.evidence]
    if rule.limits:
        lines += ["", "## Known limits", "", rule.limits]
    return "\n".join(lines) + "\n"
