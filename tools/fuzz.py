"""Mutation fuzzer: scan mutated copies of real inputs and record every crash.

Seeds are the Terraform files and CloudFormation templates under ../shared/seed-cases (and the
plan JSON files under tests/data). Each mutant is one seed file changed by one to three mutations
(byte flips, truncation, deleting, duplicating or swapping lines, swapping tokens, inserting
`${`, `!Ref`, brackets, huge numbers or non-ASCII text), written under its original name into a
fresh directory and scanned in-process with `stackcheck.scan.scan` under a time limit.

A crash is anything but a clean result: an exception out of scan(), an internal error (a loader or
rule bug the scan caught), an input error without a file and line, or the time limit. Each distinct
crash (by its kind and where it happened) is saved once into the crash directory as the mutant
plus `crash.json` (seed, iteration, trace), ready to become a regression test under
tests/fuzz/regressions/.

Deterministic: mutant N of seed S is always the same, so `--only N` replays one.

    python tools/fuzz.py --iterations 300                 # what CI runs (tests/fuzz)
    python tools/fuzz.py --iterations 20000 --seed 7      # before a release (about an hour)
    python tools/fuzz.py --only 1234 --seed 7             # replay one mutant
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = [ROOT.parent / "shared" / "seed-cases", ROOT / "tests" / "data"]
SUFFIXES = (".tf", ".tf.json", ".yaml", ".yml", ".json")
INSERTS = [b"${", b"${var.", b"}", b"!Ref ", b"!GetAtt ", b"!Sub ", b"!If [", b"Fn::", b"[", b"{", b"]", b"\"",
           b"'", b"\n", b"  ", b"\t", b":", b"- ", b"&a ", b"*a", b"null", b"99999999999999999999", b"-1",
           b"1e309", b"\xc3\xa9", b"\xe2\x80\x8b", b"\xf0\x9f\x98\x80", b"\xff", b"\x00", b"%{", b"<<EOT\n",
           b"local.", b"module.", b"count.index", b"each.value", b"\\u0000", b"\\", b"=", b"#", b"//", b"/*"]


class Timeout(BaseException):
    """Raised by the alarm; a BaseException so that scan()'s per-input `except Exception` does not
    turn a hang into an ordinary internal error."""


@dataclass
class Crash:
    kind: str  # exception | internal-error | bad-input-error | timeout
    detail: str
    signature: str
    seed: str
    iteration: int
    mutations: list[str]


@dataclass
class Summary:
    runs: int = 0
    seconds: float = 0.0
    crashes: dict[str, Crash] = field(default_factory=dict)  # signature -> first crash

    def to_dict(self) -> dict[str, object]:
        return {"runs": self.runs, "seconds": round(self.seconds, 1), "distinct_crashes": len(self.crashes),
                "crashes": [{"kind": c.kind, "signature": c.signature, "seed": c.seed, "iteration": c.iteration,
                             "mutations": c.mutations, "detail": c.detail[-2000:]} for c in self.crashes.values()]}


def seed_files(dirs: list[Path]) -> list[Path]:
    out = []
    for base in dirs:
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or not path.name.endswith(SUFFIXES) or path.name == "expected.json":
                continue
            if path.name.endswith((".yaml", ".yml", ".json")) and not path.name.endswith(".tf.json"):
                head = path.read_bytes()[: 1 << 16]
                if b"Resources" not in head and b"planned_values" not in head:
                    continue  # Pulumi.yaml, cdktf.json...: not static inputs
            out.append(path)
    return out


# -- mutations ---------------------------------------------------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def delete_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def duplicate_line(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return b"".join(lines)


def swap_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def swap_tokens(rng: random.Random, data: bytes) -> bytes:
    tokens = data.split(b" ")
    if len(tokens) < 2:
        return data
    i, j = rng.randrange(len(tokens)), rng.randrange(len(tokens))
    tokens[i], tokens[j] = tokens[j], tokens[i]
    return b" ".join(tokens)


def insert(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice(INSERTS) + data[i:]


def replace_value(rng: random.Random, data: bytes) -> bytes:
    """Replace a quoted value or a number with something of another type or size."""
    quote = [i for i, c in enumerate(data) if c == 0x22]
    if len(quote) < 2:
        return insert(rng, data)
    k = rng.randrange(len(quote) - 1)
    a, b = quote[k], quote[k + 1]
    new = rng.choice([b'"', b"1", b"true", b"null", b"[]", b"{}", b'"${}"', b'"' + b"a" * 300 + b'"', b"-0",
                      b'"arn:aws:kms:us-east-1:123456789012:key/x"', b'"10.0.0.0/33"', b"1.5"])
    return data[:a] + new + data[b + 1:]


def repeat_block(rng: random.Random, data: bytes) -> bytes:
    """Duplicate a run of lines (a block, a resource): duplicates and size."""
    lines = _lines(data)
    i = rng.randrange(len(lines))
    j = min(len(lines), i + rng.randrange(1, 12))
    return b"".join(lines[:j] + lines[i:j] * rng.randrange(1, 4) + lines[j:])


MUTATIONS = [flip, truncate, delete_line, duplicate_line, swap_lines, swap_tokens, insert, insert, replace_value,
             repeat_block]


def mutant(seed_bytes: bytes, rng: random.Random) -> tuple[bytes, list[str]]:
    data = seed_bytes
    names = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        op = rng.choice(MUTATIONS)
        data = op(rng, data)
        names.append(op.__name__)
    return data, names


# -- running -----------------------------------------------------------------------------


def _alarm(signum: int, frame: object) -> None:
    raise Timeout()


def _where(tb: str) -> str:
    """The innermost stackcheck frame of a traceback: what makes two crashes the same bug."""
    frames = [line.strip() for line in tb.splitlines() if line.strip().startswith('File "') and "stackcheck" in line]
    return frames[-1] if frames else tb.strip().splitlines()[-1] if tb.strip() else "?"


def _traceback_of(directory: str) -> str | None:
    """scan() reports an internal error as one line; load and check the directory again without its
    safety net to get the traceback, which names the bug's place."""
    from stackcheck.errors import InputError
    from stackcheck.loaders.cloudformation.template import load_template
    from stackcheck.loaders.plan import load_plan
    from stackcheck.loaders.terraform.module import load_root
    from stackcheck.rules import all_rules
    from stackcheck.rules.base import Context

    try:
        stacks = []
        names = sorted(os.listdir(directory))
        if any(n.endswith((".tf", ".tf.json")) for n in names):
            stacks.append(load_root(directory, []))
        for name in names:
            if name.endswith((".yaml", ".yml", ".json")) and not name.endswith(".tf.json"):
                data = Path(directory, name).read_bytes()
                with contextlib.suppress(InputError):
                    stacks.append((load_plan if b'"planned_values"' in data else load_template)(
                        os.path.join(directory, name), data))
        for stack in filter(None, stacks):
            kinds = {stack.framework}
            for rule in all_rules():
                if not kinds.isdisjoint(rule.frameworks):
                    rule.check(stack, Context())
    except Exception:  # this is what we are looking for
        return traceback.format_exc()
    return None


def run_one(path: Path, time_limit: float) -> tuple[str, str, str] | None:
    """Scan `path`'s directory; None when clean, else (kind, detail, signature)."""
    from stackcheck.scan import ProgramOptions, scan

    directory = str(path.parent)
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        result = scan([directory], programs=ProgramOptions(enabled=False))
    except Timeout:
        return "timeout", f"more than {time_limit} s", "timeout"
    except BaseException as exc:  # everything that escapes is a crash
        if isinstance(exc, KeyboardInterrupt):
            raise
        tb = traceback.format_exc()
        return "exception", tb, f"{type(exc).__name__} at {_where(tb)}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if result.internal_errors:
        msg = result.internal_errors[0]
        tb = _traceback_of(directory)
        if tb:
            last = tb.strip().splitlines()[-1].split(":")[0]
            return "internal-error", f"{msg}\n\n{tb}", f"{last} at {_where(tb)}"
        parts = msg.replace(directory, "DIR").split(": ")  # "DIR: internal error in SC123: KeyError: 'x'"
        return "internal-error", msg, ": ".join(parts[1:3])
    for err in result.errors:
        if not err.file or not isinstance(err.line, int) or err.line < 0 or not err.message:
            return "bad-input-error", repr(err), f"input error without a place: {err.message[:40]}"
    return None


def fuzz(iterations: int, seed: int = 0, time_limit: float = 10.0, crash_dir: Path | None = None,
         seeds: list[Path] | None = None, only: int | None = None, log: bool = False) -> Summary:
    files = seed_files(seeds or DEFAULT_SEEDS)
    if not files:
        raise SystemExit("no seed files found")
    summary = Summary()
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="stackcheck-fuzz-"))
    try:
        todo = [only] if only is not None else range(iterations)
        for i in todo:
            rng = random.Random(f"{seed}:{i}")
            source = files[rng.randrange(len(files))]
            data, names = mutant(source.read_bytes(), rng)
            case = work / f"m{i}"
            case.mkdir()
            target = case / source.name
            target.write_bytes(data)
            got = run_one(target, time_limit)
            if got is not None and got[0] == "timeout":
                got = run_one(target, time_limit)  # once more: a loaded machine is not a hang
            summary.runs += 1
            if got is not None:
                kind, detail, signature = got
                if signature not in summary.crashes:
                    crash = Crash(kind, detail, signature, str(source.relative_to(source.parents[2])), i, names)
                    summary.crashes[signature] = crash
                    if crash_dir is not None:
                        _save(crash_dir, crash, target, data)
                    if log:
                        print(f"[{i}] {kind}: {signature}", file=sys.stderr)
            shutil.rmtree(case, ignore_errors=True)
            if log and summary.runs % 500 == 0:
                print(f"{summary.runs} mutants, {len(summary.crashes)} distinct crashes", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary.seconds = time.monotonic() - started
    return summary


def _save(crash_dir: Path, crash: Crash, target: Path, data: bytes) -> None:
    name = hashlib.sha256(crash.signature.encode()).hexdigest()[:12]
    out = crash_dir / name
    out.mkdir(parents=True, exist_ok=True)
    (out / target.name).write_bytes(data)
    (out / "crash.json").write_text(json.dumps({"kind": crash.kind, "signature": crash.signature, "seed": crash.seed,
                                                "iteration": crash.iteration, "mutations": crash.mutations,
                                                "detail": crash.detail}, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--iterations", type=int, default=300)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--time-limit", type=float, default=10.0, help="seconds per mutant (default 10)")
    p.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"), help="where to save crashes")
    p.add_argument("--seeds", type=Path, action="append", help="seed directories (default: seed-cases, tests/data)")
    p.add_argument("--only", type=int, help="run only this iteration (replay)")
    args = p.parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    summary = fuzz(args.iterations, args.seed, args.time_limit, args.crashes, args.seeds, args.only, log=True)
    print(json.dumps(summary.to_dict(), indent=2))
    return 1 if summary.crashes else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
