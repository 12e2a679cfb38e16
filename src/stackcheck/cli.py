"""Command line: argument parsing only. Heavy modules are imported when a command needs them."""

from __future__ import annotations

import argparse
import sys

from stackcheck import __version__

FORMATS = ("text", "json", "sarif", "junit", "markdown")
SEVERITIES = ("critical", "high", "medium", "low", "info")


def _scan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--severity", choices=SEVERITIES, default=None,
                   help="report findings at this severity or above (default: info, or the config's)")
    p.add_argument("--disable", action="append", default=[], metavar="RULE_ID", help="skip a rule (repeatable)")
    p.add_argument("--enable", action="append", default=[], metavar="RULE_ID",
                   help="run a rule the config disables (repeatable)")
    p.add_argument("--no-requirements", action="store_true", help="skip production-requirement rules")
    p.add_argument("--config", metavar="FILE", help="config file (default: nearest .stackcheck.toml or "
                   "pyproject.toml [tool.stackcheck])")
    p.add_argument("--no-inline-ignores", action="store_true",
                   help="disregard `stackcheck:ignore` comments and Metadata ignores (for CI)")
    p.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline")
    p.add_argument("--python", metavar="PATH", help="interpreter for CDKTF/Pulumi/CDK programs (default: the "
                   "project's .venv or venv, else stackcheck's own)")
    p.add_argument("--program-timeout", type=float, default=120, metavar="SECONDS",
                   help="time limit for running one program (default 120)")
    p.add_argument("--no-programs", action="store_true", help="never run programs; scan static files only")
    p.add_argument("--no-cache", action="store_true",
                   help="run programs again even when their files are unchanged (default: reuse the cached "
                        "synthesis in $STACKCHECK_CACHE_DIR or ~/.cache/stackcheck)")
    p.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                   help="load and check inputs in N processes (default: the number of cores, used when the "
                        "input is large enough to gain from it); the output does not depend on N")


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


class _Progress:
    """`[k/n] path` on one terminal line while a large scan runs; nothing when stderr is not a terminal."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int, path: str) -> None:
        if total < 20:
            return
        tail = path if len(path) <= 60 else "..." + path[-57:]
        sys.stderr.write(f"\r\033[Kstackcheck: [{done}/{total}] {tail}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="stackcheck",
                                description="Find what AWS or the Terraform provider will reject, before you deploy.")
    p.add_argument("--version", action="version", version=f"stackcheck {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("scan", help="scan Terraform and CloudFormation files or directories")
    _scan_options(s)
    s.add_argument("--format", "-f", choices=FORMATS, default="text")
    s.add_argument("--output", "-o", help="write the report to this file")
    s.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    r = sub.add_parser("report", help="write the Markdown failure-analysis report")
    _scan_options(r)
    r.add_argument("--output", "-o", required=True, metavar="FILE.md")
    b = sub.add_parser("baseline", help="record today's findings; later scans with --baseline report only new ones")
    _scan_options(b)
    b.add_argument("--output", "-o", default=".stackcheck-baseline.json", metavar="FILE")
    sub.add_parser("rules", help="list every rule")
    e = sub.add_parser("explain", help="show a rule's documentation")
    e.add_argument("rule_id")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code in (0, None) else 2
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
    _tune_gc()
    return _scan(args)


def _tune_gc() -> None:
    """A scan builds many long-lived objects (syntax trees, resources) and little garbage with cycles, so
    the cyclic collector's frequent young-generation passes cost up to a third of the CPU time
    (bench/README.md). Collect less often; freezing what exists keeps the passes short."""
    import gc

    gc.freeze()
    gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(max(gen0, 50_000), gen1, gen2)


def _rule_ids(keys: list[str] | set[str], option: str) -> set[str] | None:
    from stackcheck.rules import get_rule

    out = set()
    for key in keys:
        rule = get_rule(key)
        if rule is None:
            print(f"stackcheck: {option}: no rule {key!r}", file=sys.stderr)
            return None
        out.add(rule.id)
    return out


def _scan(args: argparse.Namespace) -> int:
    from stackcheck import profiles, suppress
    from stackcheck.config import find_config, load_config
    from stackcheck.errors import InputError
    from stackcheck.rules.base import Context
    from stackcheck.scan import ProgramOptions, scan

    try:
        cfg = load_config(args.config or find_config("."))
        baseline_path = args.baseline or (cfg.baseline if args.command == "scan" else None)
        baseline = suppress.load_baseline(baseline_path) if baseline_path else None
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (OSError, ValueError, KeyError) as exc:
        print(f"{baseline_path}:1: error: cannot read baseline: {exc}", file=sys.stderr)
        return 2
    disabled = _rule_ids(set(args.disable) | cfg.disable, "--disable")
    enabled = _rule_ids(set(args.enable) | cfg.enable, "--enable")
    if disabled is None or enabled is None:
        return 2
    try:
        profile = profiles.resolve(cfg.profile, cfg.source)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.no_requirements:
        profile["requirements"] = False
    severity = args.severity or cfg.severity or "info"
    if severity not in SEVERITIES:
        print(f"{cfg.source}:1: error: severity must be one of {', '.join(SEVERITIES)}", file=sys.stderr)
        return 2
    progress = _Progress() if sys.stderr.isatty() else None
    result = scan(args.paths, Context(profile=profile), severity=severity, disabled=disabled - enabled,
                  inline_ignores=cfg.inline_ignores and not args.no_inline_ignores, baseline=baseline,
                  skip=cfg.skip_paths, base=cfg.base_dir,
                  programs=ProgramOptions(not args.no_programs, args.python, args.program_timeout, not args.no_cache),
                  jobs=args.jobs, progress=progress)
    if progress:
        progress.close()
    if args.command == "baseline":
        suppress.write_baseline(args.output, result.findings + [s.finding for s in result.suppressed
                                                                 if s.how == "baseline"])
        print(f"stackcheck: wrote {len(result.findings)} finding(s) to {args.output}", file=sys.stderr)
        return 2 if result.errors else 0
    fmt = "markdown" if args.command == "report" else args.format
    text = _render(fmt, result, args)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    for err in result.errors:
        print(f"{err.file}:{err.line}: error: {err.message}", file=sys.stderr)
    for msg in result.internal_errors:
        print(f"stackcheck: internal error (please report): {msg}", file=sys.stderr)
    if result.errors or result.internal_errors:
        return 2  # the scan is incomplete: "no blocker" would not be a finding
    return 1 if result.blockers else 0


def _render(fmt: str, result: object, args: argparse.Namespace) -> str:
    if fmt == "json":
        from stackcheck.report.json_report import render

        return render(result)  # type: ignore[arg-type]
    if fmt == "sarif":
        from stackcheck.report.sarif import render as render_sarif

        return render_sarif(result)  # type: ignore[arg-type]
    if fmt == "junit":
        from stackcheck.report.junit import render as render_junit

        return render_junit(result)  # type: ignore[arg-type]
    if fmt == "markdown":
        from stackcheck.report.markdown import render as render_md

        return render_md(result, args.paths)  # type: ignore[arg-type]
    from stackcheck.report.text import render as render_text

    tty = sys.stdout.isatty() and not args.output
    return render_text(result, color=args.color == "always" or (args.color == "auto" and tty))  # type: ignore[arg-type]
