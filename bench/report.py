"""Results of a benchmark run as the ratio table of the targets, a Markdown report and sanity checks."""

from __future__ import annotations

import json
import os
import re
import sys
from types import SimpleNamespace
from typing import Any

import peers

from tools import Tool

Data = dict[str, Any]


def versions(selected: list[Tool]) -> dict[str, str]:
    names = {t.name for t in selected}
    out = {"stackcheck": peers.version([os.path.join(os.path.dirname(sys.executable), "stackcheck"),
                                        "--version"]).removeprefix("stackcheck ")}
    if "cfn-lint" in names:
        out["cfn-lint"] = peers.pip_version("cfn-lint")
    if "cloudformation-validate" in names:
        out["cloudformation-validate"] = peers.pip_version("cloudformation-validate")
    if "checkov" in names:
        out["checkov"] = peers.pip_version("checkov")
    if "terraform validate" in names:
        out["terraform"] = peers.version(["terraform", "version"]) + ", provider hashicorp/aws 5.100.0"
    return out


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return ""


def sanity(cases: list[Any], work: str) -> list[dict[str, Any]]:
    """What each tool said about each input (from its last run's output): stackcheck must see every
    resource and report no blocker; the peers must not report errors on these valid stacks."""
    rows = []
    out = os.path.join(work, "out")
    for c in cases:
        row: dict[str, Any] = {"case": c.name}
        text = _read(os.path.join(out, f"stackcheck.{c.name}.out"))
        try:
            summary = json.loads(text)["summary"]
            row["stackcheck"] = (f"{summary['resources']} resources, {summary['findings']} findings, "
                                 f"{summary['blockers']} blockers, {summary['input_errors']} input errors")
            row["ok"] = (summary["resources"] == c.resources and summary["blockers"] == 0
                         and summary["input_errors"] == 0)
        except (ValueError, KeyError):
            row["stackcheck"], row["ok"] = "no JSON report", False
        if c.framework == "cloudformation":
            lint_path = os.path.join(out, f"cfn-lint.{c.name}.out")
            lint = _read(lint_path)
            if os.path.exists(lint_path):
                errors, warnings = len(re.findall(r"^E\d{4}", lint, re.M)), len(re.findall(r"^W\d{4}", lint, re.M))
                row["cfn-lint"] = f"{errors} errors, {warnings} warnings"
            cfv = _read(os.path.join(out, f"cloudformation-validate.{c.name}.out"))
            if cfv:
                bad = re.findall(r"\[(?:ERROR|FATAL)\] (\w+)", cfv)
                row["cloudformation-validate"] = f"{len(bad)} errors" + (f" ({', '.join(sorted(set(bad)))})"
                                                                          if bad else "")
        else:
            tfv = _read(os.path.join(out, f"terraform-validate.{c.name}.out"))
            if tfv:
                row["terraform validate"] = "valid" if "Success!" in tfv else "INVALID"
        ck = _read(os.path.join(out, f"checkov.{c.name}.out"))
        if ck:
            row["checkov"] = f"{ck.count('FAILED for resource')} failed checks"
        rows.append(row)
    return rows


def _min(data: Data, tool: str, case: str, key: str = "min") -> float | None:
    """The fastest run's wall time (key "min") or CPU time (key "cpu_min")."""
    for r in data["results"]:
        if r["tool"] == tool and r["case"] == case:
            return float(r[key])
    return None


def _cpu_ratio(data: Data, case: str, slow: str, fast: str = "stackcheck") -> str:
    a, b = _min(data, slow, case, "cpu_min"), _min(data, fast, case, "cpu_min")
    return f"{a / b:.1f}x" if a and b else "-"


def _resources(data: Data, case: str) -> int:
    return next((c["resources"] for c in data["cases"] if c["name"] == case), 0)


def _growth_cpu(data: Data, fw: str) -> str:
    small, big = _min(data, "stackcheck", f"{fw}-500", "cpu_min"), _min(data, "stackcheck", f"{fw}-5000", "cpu_min")
    if not (small and big):
        return "-"
    return f"{(big / _resources(data, f'{fw}-5000')) / (small / _resources(data, f'{fw}-500')):.2f}x"


def targets(data: Data) -> list[dict[str, Any]]:
    """The issue's targets as ratios of the fastest runs (min wall time) in this one run."""
    rows: list[dict[str, Any]] = []

    def faster(label: str, case: str, peer: str, goal: float) -> None:
        sc, other = _min(data, "stackcheck", case), _min(data, peer, case)
        stopped = next((k["after_s"] for k in data.get("killed", []) if k["tool"] == peer and k["case"] == case),
                       None)
        if sc and other is None and stopped:  # the peer's run was stopped: a lower bound
            rows.append({"target": label, "vs": peer, "measured": f"more than {stopped / sc:.1f}x faster "
                         f"({sc:.2f} s vs more than {stopped:.0f} s: run stopped)", "goal": f">= {goal:g}x",
                         "pass": True if stopped / sc >= goal else None})
        elif sc and other is None and any(c["name"] == case for c in data["cases"]) \
                and peer in data["meta"].get("tools", [peer]):
            rows.append({"target": label, "vs": peer, "measured": "not measured (see notes)",
                         "goal": f">= {goal:g}x", "pass": None})
        if sc and other:
            ratio = other / sc
            rows.append({"target": label, "vs": peer, "measured": f"{ratio:.1f}x faster "
                         f"({sc:.2f} s vs {other:.2f} s)", "cpu": _cpu_ratio(data, case, peer),
                         "goal": f">= {goal:g}x", "pass": ratio >= goal})

    faster("start-up, 1 resource (CloudFormation)", "cfn-1", "cfn-lint", 4)
    faster("start-up, 1 resource (CloudFormation)", "cfn-1", "cloudformation-validate", 1)
    faster("1,000-resource CloudFormation, one template", "cfn-1000-single", "cfn-lint", 10)
    faster("1,000-resource CloudFormation, one template", "cfn-1000-single", "cloudformation-validate", 1)
    faster("1,000-resource Terraform", "tf-1000", "checkov", 10)
    faster("1,000-resource Terraform", "tf-1000", "terraform validate", 1)
    for fw in ("tf", "cfn"):
        small, big = _min(data, "stackcheck", f"{fw}-500"), _min(data, "stackcheck", f"{fw}-5000")
        if small and big:
            per_small = small / _resources(data, f"{fw}-500")
            per_big = big / _resources(data, f"{fw}-5000")
            rows.append({"target": f"growth {'Terraform' if fw == 'tf' else 'CloudFormation'}: s/resource at "
                         "5,000 vs 500", "vs": "stackcheck at 500",
                         "measured": f"{per_big / per_small:.2f}x ({per_big * 1000:.2f} vs {per_small * 1000:.2f} "
                         "ms/resource)", "cpu": _growth_cpu(data, fw), "goal": "<= 1.5x",
                         "pass": per_big / per_small <= 1.5})
    for case in ("tf-1000", "tf-5000", "cfn-1000-single", "cfn-5000", "tf-repo"):
        sc, floor = _min(data, "stackcheck", case), _min(data, "parse floor", case)
        if sc and floor:
            rows.append({"target": f"parse floor, {case}", "vs": "parse only", "measured":
                         f"{sc / floor:.2f}x the floor ({sc:.2f} s vs {floor:.2f} s)",
                         "cpu": _cpu_ratio(data, case, "stackcheck", "parse floor"), "goal": "<= 3x",
                         "pass": sc / floor <= 3})
    return rows


def ratio_table(data: Data) -> str:
    lines = ["| target | against | measured (min wall time of runs) | same on CPU time | goal | met |",
             "|---|---|---|---|---|---|"]
    for r in data["targets"]:
        met = "n/a" if r["pass"] is None else "yes" if r["pass"] else "NO"
        lines.append(f"| {r['target']} | {r['vs']} | {r['measured']} | {r.get('cpu', '-')} | {r['goal']} | {met} |")
    return "\n".join(lines)


def _results_table(data: Data, framework: str) -> list[str]:
    cases = [c for c in data["cases"] if c["framework"] == framework]
    lines = ["| input | resources | files | lines | tool | min s | median s | CPU s (min) | peak MB | runs |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for c in cases:
        for r in (r for r in data["results"] if r["case"] == c["name"]):
            runs = len(r["wall"])
            lines.append(f"| {c['name']} | {c['resources']:,} | {c['files']} | {c['lines']:,} | {r['tool']} | "
                         f"{r['min']:.2f} | {r['median']:.2f} | {r['cpu_min']:.2f} | {r['peak_mb']:.0f} | "
                         f"{runs}{' *' if r['note'] else ''} |")
    return lines


def markdown(data: Data, png: str | None) -> str:
    m = data["meta"]
    out = [f"# stackcheck speed benchmark{' (quick run)' if m['quick'] else ''}", "",
           f"{m['date']}: {m['machine']}, CPython {m['python']}; load average {m['load_start']} at start, "
           f"{m['load_end']} at end (the machine is shared: trust the min over the median). Whole benchmark "
           f"{m['wall_s'] / 60:.1f} min. Reproduce with `make bench` (see bench/README.md).", "",
           "Versions: " + "; ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".", "",
           "## Targets", "", ratio_table(data), ""]
    if png:
        out += [f"![seconds against resources, log-log]({png})", ""]
    for fw, title in (("terraform", "Terraform"), ("cloudformation", "CloudFormation")):
        out += [f"## {title}", "", *_results_table(data, fw), ""]
    inits = [c for c in data["cases"] if c.get("init_s") is not None]
    if inits:
        out += ["`terraform init -plugin-dir=/opt/tf-plugins`, timed apart (not in `terraform validate`'s time): "
                + ", ".join(f"{c['name']} {c['init_s']:.1f} s" for c in inits) + ".", ""]
    notes = [f"- {r['tool']} on {r['case']}: {r['note']}" for r in data["results"] if r["note"]]
    notes += [f"- {r['tool']} on {r['case']}: {r['note']}" for r in data.get("skipped", [])]
    out += ["## Notes", "",
            "- Every time is a whole process (start-up, imports, reading, checking, report), output to a file.",
            "- Inputs are generated by bench/cases.py: a data platform per tenant (S3, SQS + DLQ, Lambda in the "
            "VPC, Fargate service behind an internal ALB, PostgreSQL, IAM, KMS, log groups, alarms) on a shared "
            "network. CloudFormation sizes above 500 are split into templates of at most 500 resources (AWS's "
            "per-stack limit); cfn-1000-single is the one 1,000-resource template.",
            "- `terraform validate` on tf-repo validates one root that calls all the modules (bench/work/"
            "tf-repo-root): one provider start instead of one per module.",
            "- `*` in runs: fewer runs than asked, to stay within the time budget (the slowest peers at the "
            "largest sizes); inputs a peer did not run on are listed too:", *notes, "",
            "## What each tool said (last run)", "",
            "| input | stackcheck | other tools |", "|---|---|---|"]
    for row in data["checks"]:
        others = "; ".join(f"{k}: {v}" for k, v in row.items() if k not in ("case", "stackcheck", "ok"))
        out.append(f"| {row['case']} | {row['stackcheck']}{'' if row['ok'] else ' (UNEXPECTED)'} | {others} |")
    return "\n".join(out) + "\n"


def _main() -> None:
    """Re-render results.md from results.json (after editing the report code):
    report.py bench/results/results.json [bench/work]"""
    path = sys.argv[1]
    with open(path) as fh:
        data = json.load(fh)
    if len(sys.argv) > 2:  # and the work directory of that run: what each tool said, again
        data["checks"] = sanity([SimpleNamespace(**c) for c in data["cases"]], sys.argv[2])
    data["targets"] = targets(data)
    print(ratio_table(data))
    png = os.path.splitext(path)[0].replace("results", "scaling") + ".png"
    with open(os.path.splitext(path)[0] + ".md", "w") as fh:
        fh.write(markdown(data, os.path.basename(png) if os.path.exists(png) else None))


if __name__ == "__main__":
    _main()
