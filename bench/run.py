"""Speed benchmark: stackcheck against cfn-lint, cloudformation-validate, checkov and terraform validate.

    make bench                                    # the full run (about 15 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick         # a small run for development
    .venv/bin/python bench/run.py --repeats 7 --sizes 10,100,1000

Generates the inputs under bench/work/, times every tool as a whole process, writes
bench/results/results.{md,json} and bench/results/scaling.png, and prints the ratio table of the targets.
Run it with the interpreter stackcheck is installed in (the project's .venv): that is the stackcheck
timed. The peers live in bench/.venv-peers, created on the first run; later runs are offline.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import cases as cases_mod  # noqa: E402
import peers  # noqa: E402
import report  # noqa: E402
from measure import Runs, compile_stackcheck, run_once, tool_env  # noqa: E402

from tools import TOOLS, Tool  # noqa: E402

FULL_SIZES = [10, 100, 500, 1000, 5000]
# The slow peers skip the 1,000-resource CloudFormation input split in two templates: it is cfn-500's
# work twice (they lint template by template), and the one-template input measures them at 1,000.
SAME_AS = {(tool, "cfn-1000"): "not run: two templates like cfn-500's; timed on cfn-1000-single instead"
           for tool in ("cfn-lint", "checkov")}
QUICK_SIZES = [10, 100, 1000]


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="sizes 10,100,1000, 3 runs, 20 modules, 6-minute budget")
    p.add_argument("--repeats", type=int, help="runs of each tool on each case (default 5; --quick 3)")
    p.add_argument("--sizes", help="comma-separated resource counts (default 10,100,500,1000,5000)")
    p.add_argument("--modules", type=int, help="modules in the generated repository (default 200; --quick 20)")
    p.add_argument("--budget", type=float, help="minutes for the whole run (default 14.5; --quick 6): a peer "
                   "runs fewer times, or not at all on the largest inputs, when its runs would not fit")
    p.add_argument("--tools", help="comma-separated subset of: " + ", ".join(t.name for t in TOOLS))
    p.add_argument("--work", default=os.path.join(HERE, "work"), help="where the inputs are generated")
    p.add_argument("--results", default=os.path.join(HERE, "results"), help="where results are written")
    args = p.parse_args(argv)
    args.repeats = args.repeats or (3 if args.quick else 5)
    args.sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else (QUICK_SIZES if args.quick else FULL_SIZES)
    args.modules = args.modules if args.modules is not None else (20 if args.quick else 200)
    args.budget = args.budget if args.budget is not None else (6.0 if args.quick else 14.5)
    return args


def _load() -> str:
    with open("/proc/loadavg") as fh:
        return " ".join(fh.read().split()[:3])


def _terraform_init(work: str, directory: str) -> float | None:
    if peers.terraform() is None:
        return None
    start = time.perf_counter()
    done = subprocess.run(["terraform", "init", "-plugin-dir=/opt/tf-plugins", "-input=false", "-no-color"],
                          cwd=os.path.join(work, directory), capture_output=True, text=True)
    if done.returncode != 0:
        print(f"bench: terraform init failed in {directory}:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    started = time.perf_counter()
    deadline = started + args.budget * 60
    load_start = _load()
    peers.ensure()
    selected = [t for t in TOOLS if not args.tools or t.name in args.tools.split(",")]
    if peers.terraform() is None:
        selected = [t for t in selected if t.name != "terraform validate"]
        print("bench: terraform not installed: `terraform validate` is left out")

    work = os.path.abspath(args.work)
    t0 = time.perf_counter()
    cases = cases_mod.generate(work, args.sizes, args.modules)
    print(f"bench: generated {len(cases)} inputs under {os.path.relpath(work)} in {time.perf_counter() - t0:.1f} s")
    by_name = {c.name: c for c in cases}
    if any(t.name == "terraform validate" for t in selected):
        for c in cases:
            if c.framework == "terraform":
                c.init_s = _terraform_init(work, "tf-repo-root" if c.name == "tf-repo" else c.path)
        print("bench: terraform init (timed apart): "
              + ", ".join(f"{c.name} {c.init_s:.1f} s" for c in cases if c.init_s is not None))

    results: dict[tuple[str, str], Runs] = {}
    env = tool_env()
    compile_stackcheck(env)

    def pairs_for(case: cases_mod.Case) -> list[Tool]:
        return [t for t in selected if case.framework in t.frameworks]

    out_dir = os.path.join(work, "out")
    shutil.rmtree(out_dir, ignore_errors=True)  # the sanity checks read this run's outputs only
    os.makedirs(out_dir)

    skipped: dict[tuple[str, str], str] = {}
    killed: dict[tuple[str, str], float] = {}
    reserve = 30.0  # seconds kept for the report and the plot

    def one(tool: Tool, case: cases_mod.Case) -> None:
        output = os.path.join(out_dir, f"{tool.slug}.{case.name}.out")
        # A peer's run is stopped at the end of the time budget (stackcheck's never are).
        limit = max(1.0, deadline - reserve - time.perf_counter()) if tool.peer else 3600.0
        sample = run_once(tool.argv(case), cwd=tool.cwd(case, work), output=output, env=env, timeout=limit)
        if tool.peer and sample[3] == -9 and sample[0] >= limit:
            if (tool.name, case.name) not in results:
                killed[(tool.name, case.name)] = sample[0]
                skipped[(tool.name, case.name)] = (f"stopped after {sample[0]:.0f} s: the run did not fit in the "
                                                   "time budget")
            return
        results.setdefault((tool.name, case.name), Runs()).add(sample)

    def estimate(tool: Tool, case: cases_mod.Case) -> float | None:
        """One run's time, from the tool's measured inputs in the same framework: interpolated between
        the nearest smaller and larger, or beyond the largest along the line from the smallest to the
        largest (start-up plus a cost per resource). None when nothing is measured yet."""
        done = sorted((by_name[k[1]].resources, v.min) for k, v in results.items()
                      if k[0] == tool.name and by_name[k[1]].framework == case.framework)
        if not done:
            return None
        n = case.resources
        below = [p for p in done if p[0] <= n]
        above = [p for p in done if p[0] >= n]
        if below and above:
            (n1, t1), (n2, t2) = below[-1], above[0]
            return t1 if n2 == n1 else t1 + (t2 - t1) * (n - n1) / (n2 - n1)
        if above:
            return above[0][1]
        (n1, t1), (n2, t2) = done[0], done[-1]
        slope = max(0.0, (t2 - t1) / (n2 - n1)) if n2 > n1 else 0.0
        return t2 + slope * (n - n2)

    # Pass 1: stackcheck and its parse floor, every run on every input.
    order = sorted(cases, key=lambda c: (c.resources, c.name))
    for c in order:
        for t in pairs_for(c):
            if not t.peer:
                for _ in range(args.repeats):
                    one(t, c)
        print(f"bench: {c.name:<16} {c.resources:>5} resources  "
              + "  ".join(f"{t.name} {results[(t.name, c.name)].min:.2f} s" for t in pairs_for(c) if not t.peer),
              flush=True)

    # Pass 2: each peer once, the inputs of the targets first (start-up, then 1,000 resources), then the
    # others by size, checkov on CloudFormation (no target) last; a run that would not fit in the time
    # budget is left out.
    first = {"tf-1": 0, "cfn-1": 0, "tf-1000": 1, "cfn-1000-single": 1}
    todo = [(t, c) for c in cases for t in pairs_for(c) if t.peer]
    todo.sort(key=lambda p: (p[0].name == "checkov" and p[1].framework == "cloudformation",
                             first.get(p[1].name, 2), p[1].resources, p[1].name, p[0].name))
    for t, c in todo:
        if (t.name, c.name) in SAME_AS or (t.name, c.name) in killed:
            skipped[(t.name, c.name)] = SAME_AS[(t.name, c.name)]
            continue
        est = estimate(t, c)
        if time.perf_counter() + (est or 0.0) > deadline - reserve:
            skipped[(t.name, c.name)] = ("not run: the time budget was spent" if est is None else
                                         f"not run: one run would take about {est:.0f} s (estimated from its "
                                         "other inputs), past the time budget")
            continue
        one(t, c)
        if (t.name, c.name) in results:
            print(f"bench: {c.name:<16} {c.resources:>5} resources  {t.name} {results[(t.name, c.name)].min:.2f} s",
                  flush=True)

    # Pass 3: more runs of the peers, cheapest first, while they fit in the time budget.
    for r in range(2, args.repeats + 1):
        again = sorted((v.wall[0], k) for k, v in results.items()
                       if len(v.wall) < r and any(t.name == k[0] and t.peer for t in selected))
        for cost, (tool_name, case_name) in again:
            if time.perf_counter() + cost > deadline - reserve:
                continue
            one(next(t for t in selected if t.name == tool_name), by_name[case_name])
    for runs in results.values():
        if len(runs.wall) < args.repeats:
            runs.note = f"{len(runs.wall)} of {args.repeats} runs: one run takes {runs.wall[0]:.0f} s (time budget)"

    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()} {platform.system()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "load_start": load_start, "load_end": _load(),
        "repeats": args.repeats, "sizes": args.sizes, "modules": args.modules, "quick": args.quick,
        "wall_s": time.perf_counter() - started,
        "versions": report.versions(selected), "tools": [t.name for t in selected],
    }
    os.makedirs(args.results, exist_ok=True)
    data = {"meta": meta, "cases": [c.as_dict() for c in cases],
            "results": [{"tool": k[0], "case": k[1], **v.as_dict()} for k, v in results.items()],
            "skipped": [{"tool": k[0], "case": k[1], "note": v} for k, v in skipped.items()],
            "killed": [{"tool": k[0], "case": k[1], "after_s": v} for k, v in killed.items()]}
    data["checks"] = report.sanity(cases, work)
    data["targets"] = report.targets(data)
    stem = "results-quick" if args.quick else "results"
    with open(os.path.join(args.results, f"{stem}.json"), "w") as fh:
        json.dump(data, fh, indent=1)
    png = os.path.join(args.results, f"scaling{'-quick' if args.quick else ''}.png")
    plotted = subprocess.run([peers.python(), os.path.join(HERE, "plot.py"),
                              os.path.join(args.results, f"{stem}.json"), png]).returncode == 0
    data["meta"]["wall_s"] = time.perf_counter() - started
    md = report.markdown(data, os.path.basename(png) if plotted else None)
    with open(os.path.join(args.results, f"{stem}.md"), "w") as fh:
        fh.write(md)
    print()
    print(report.ratio_table(data))
    print(f"\nbench: {meta['machine']}; load average {load_start} at start, {meta['load_end']} at end; "
          f"wall time {data['meta']['wall_s'] / 60:.1f} min")
    print(f"bench: wrote {os.path.relpath(os.path.join(args.results, stem + '.md'))}"
          + (f" and {os.path.relpath(png)}" if plotted else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
