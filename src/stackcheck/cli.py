"""Command line: argument parsing only. Heavy modules are imported when a command needs them."""

from __future__ import annotations

import argparse
import sys

from stackcheck import __version__

FORMATS = ("text", "json")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="stackcheck", description=__doc__)
    p.add_argument("--version", action="version", version=f"stackcheck {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("scan", help="scan Terraform and CloudFormation files or directories")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--format", "-f", choices=FORMATS, default="text")
    s.add_argument("--severity", choices=("critical", "high", "medium", "low", "info"), default="info",
                   help="report findings at this severity or above")
    s.add_argument("--disable", action="append", default=[], metavar="RULE_ID", help="skip a rule (repeatable)")
    s.add_argument("--no-requirements", action="store_true", help="skip production-requirement rules")
    s.add_argument("--output", "-o", help="write the report to this file")
    s.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    sub.add_parser("rules", help="list every rule")
    e = sub.add_parser("explain", help="show a rule's documentation")
    e.add_argument("rule_id")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    if args.command == "rules":
        from stackcheck.docs import rules_table

        sys.stdout.write(rules_table())
        return 0
    if args.command == "explain":
        from stackcheck.docs import explain
        from stackcheck.rules import get_rule

        rule = get_rule(args.rule_id)
        if rule is None:
            print(f"stackcheck: no rule {args.rule_id!r} (see `stackcheck rules`)", file=sys.stderr)
            return 2
        sys.stdout.write(explain(rule))
        return 0
    return _scan(args)


def _scan(args: argparse.Namespace) -> int:
    from stackcheck.rules import get_rule
    from stackcheck.rules.base import Context
    from stackcheck.scan import scan

    disabled = set()
    for key in args.disable:
        rule = get_rule(key)
        if rule is None:
            print(f"stackcheck: --disable: no rule {key!r}", file=sys.stderr)
            return 2
        disabled.add(rule.id)
    ctx = Context(profile={"requirements": not args.no_requirements})
    result = scan(args.paths, ctx, severity=args.severity, disabled=disabled)
    if args.format == "json":
        from stackcheck.report.json_report import render

        text = render(result)
    else:
        from stackcheck.report.text import render as render_text

        stream_tty = sys.stdout.isatty() and not args.output
        color = args.color == "always" or (args.color == "auto" and stream_tty)
        text = render_text(result, color=color)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    for err in result.errors:
        print(f"{err.file}:{err.line}: error: {err.message}", file=sys.stderr)
    for msg in result.internal_errors:
        print(f"stackcheck: internal error (please report): {msg}", file=sys.stderr)
    if result.errors:
        return 2
    return 1 if result.blockers else 0
