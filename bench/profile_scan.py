"""Where stackcheck's time goes on the large inputs: py-spy samples a whole `stackcheck scan` run.

    .venv/bin/python bench/profile_scan.py                 # tf-1000 tf-5000 cfn-1000-single cfn-5000
    .venv/bin/python bench/profile_scan.py tf-5000 --rate 250 --gc   # and the cyclic GC's share of CPU time

Prints, per input: the share of samples by phase (imports, discovery, Terraform or CloudFormation
loading, each rule module, the report), then the functions with the most inclusive and self time.
Raw samples are kept in bench/work/profile/<input>.txt (py-spy's collapsed stacks: flame-graph input).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import cases as cases_mod  # noqa: E402
import peers  # noqa: E402
from measure import compile_stackcheck, run_once, tool_env  # noqa: E402

FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")


def _frames(stack: str) -> list[tuple[str, str]]:
    out = []
    for part in stack.split(";"):
        m = FRAME.match(part)
        out.append((m["func"], m["file"]) if m else (part, ""))
    return out


def _short(path: str) -> str:
    i = path.find("stackcheck/")
    if i >= 0:
        return path[i:]
    i = path.find("site-packages/")
    return path[i + len("site-packages/"):] if i >= 0 else os.path.basename(path)


def _phase(frames: list[tuple[str, str]]) -> str:
    """The innermost stackcheck stage a sample is in (rules by module, since rules are the open set)."""
    files = [f for _, f in frames]
    for f in reversed(files):
        m = re.search(r"stackcheck/rules/(\w+/\w+)\.py", f)
        if m and not m[1].startswith("__"):
            return f"rule {m[1]}"
    joined = ";".join(files)
    if ("concurrent/futures" in joined or "multiprocessing/" in joined) and "stackcheck/loaders" not in joined \
            and "stackcheck/rules" not in joined:
        return "waiting for worker processes"
    if "<frozen importlib" in joined and not any("stackcheck/loaders" in f or "stackcheck/rules/" in f
                                                  for f in files if "importlib" not in f):
        return "imports"
    for key, name in (("stackcheck/report", "report"), ("stackcheck/suppress", "suppressions"),
                      ("stackcheck/loaders/terraform", "load terraform"),
                      ("stackcheck/loaders/cloudformation", "load cloudformation"),
                      ("stackcheck/loaders/yamlnodes", "parse yaml"), ("stackcheck/discover", "discover"),
                      ("stackcheck/rules", "rules (registry, shared helpers)"), ("stackcheck/model", "model")):
        if key in joined:
            return name
    return "other (interpreter start-up, cli)"


def summarize(raw: str, top: int = 15) -> str:
    total = 0
    phases: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = _frames(stack)
        total += n
        phases[_phase(frames)] += n
        for key in {f"{func} ({_short(file)})" for func, file in frames}:
            inclusive[key] += n
        func, file = frames[-1]
        own[f"{func} ({_short(file)})"] += n
    if not total:
        return "no samples\n"
    pct = lambda n: f"{100 * n / total:5.1f}%"  # noqa: E731
    out = [f"{total} samples", "", "by phase:"]
    out += [f"  {pct(n)}  {name}" for name, n in phases.most_common(top)]
    out += ["", "inclusive (function and what it calls):"]
    out += [f"  {pct(n)}  {name}" for name, n in inclusive.most_common(top + 10)
            if not name.startswith(("<module>", "_find_and_load", "_load_unlocked", "exec_module",
                                    "_call_with_frames_removed", "main (stackcheck/cli", "<module> ("))][:top]
    out += ["", "self (time in the function itself):"]
    out += [f"  {pct(n)}  {name}" for name, n in own.most_common(top)]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="*", default=["tf-1000", "tf-5000", "cfn-1000-single", "cfn-5000"])
    p.add_argument("--rate", type=int, default=200, help="samples per second (default 200)")
    p.add_argument("--work", default=os.path.join(HERE, "work"))
    p.add_argument("--gc", action="store_true", help="also time each scan with the cyclic GC off (5 runs each)")
    args = p.parse_args(argv)
    peers.ensure()
    work = os.path.abspath(args.work)
    if not all(os.path.isdir(os.path.join(work, name)) for name in args.inputs):
        cases_mod.generate(work, [1000, 5000], repo_modules=200)
    out_dir = os.path.join(work, "profile")
    os.makedirs(out_dir, exist_ok=True)
    stackcheck = os.path.join(os.path.dirname(sys.executable), "stackcheck")
    env = tool_env()
    compile_stackcheck(env)
    # One process, so that the samples are the work itself (py-spy's view of forked workers is unreliable).
    usage = subprocess.run([stackcheck, "scan", "--help"], capture_output=True, text=True, env=env).stdout
    one = ["--jobs", "1"] if "--jobs" in usage else []
    for name in args.inputs:
        raw = os.path.join(out_dir, f"{name}.txt")
        subprocess.run([peers.tool("py-spy"), "record", "--format", "raw", "--full-filenames", "--rate",
                        str(args.rate), "--output", raw, "--", stackcheck, "scan", name, "--format", "json", *one],
                       cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        with open(raw) as fh:
            print(f"== stackcheck scan {name} ==")
            print(summarize(fh.read()))
        if args.gc:
            print(_gc_cost(name, work, env, one))
    return 0


GC_RUN = ("import gc, sys\nif sys.argv[1] == 'off':\n    gc.disable()\nfrom stackcheck.cli import main\n"
          "sys.exit(main(['scan', *sys.argv[2:], '--format', 'json', '--output', '/dev/null']))")


def _gc_cost(name: str, work: str, env: dict[str, str], extra: list[str], runs: int = 5) -> str:
    """CPU seconds of the scan with Python's cyclic garbage collector on (the default) and off: the
    fastest of `runs` each, interleaved so that a change in the machine's load hits both alike."""
    cpu: dict[str, list[float]] = {"on": [], "off": []}
    for _ in range(runs):
        for mode in ("on", "off"):
            cpu[mode].append(run_once([sys.executable, "-c", GC_RUN, mode, name, *extra], cwd=work, env=env)[1])
    best = {mode: min(times) for mode, times in cpu.items()}
    return (f"cyclic GC: {best['on']:.2f} s CPU with it, {best['off']:.2f} s without "
            f"({100 * (1 - best['off'] / best['on']):.0f}% of the scan's CPU time)\n")


if __name__ == "__main__":
    sys.exit(main())
