"""Time whole-process runs: wall seconds, CPU seconds and peak memory of each run.

Peak memory is the largest resident set of any process in the run's tree (ru_maxrss from wait4, which
covers the child and the descendants it waited for), so a tool that starts a helper process (terraform
and its provider plugin) is charged the larger of the two, not their sum.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Runs:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)
    note: str = ""

    def add(self, sample: tuple[float, float, int, int]) -> None:
        wall, cpu, rss, code = sample
        self.wall.append(wall)
        self.cpu.append(cpu)
        self.rss_kb.append(rss)
        self.exit_codes.append(code)

    @property
    def min(self) -> float:
        return min(self.wall)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_min(self) -> float:
        return min(self.cpu)

    @property
    def peak_mb(self) -> float:
        return max(self.rss_kb) / 1024

    def as_dict(self) -> dict[str, object]:
        return {"wall": self.wall, "cpu": self.cpu, "rss_kb": self.rss_kb, "exit_codes": self.exit_codes,
                "min": self.min, "median": self.median, "cpu_min": self.cpu_min, "peak_mb": self.peak_mb,
                "note": self.note}


def run_once(argv: list[str], cwd: str | None = None, output: str | None = None,
             timeout: float = 1800, env: dict[str, str] | None = None) -> tuple[float, float, int, int]:
    """One run: (wall s, user+sys s, peak RSS KiB, exit code). Standard output goes to the file `output`
    and standard error to `output`.err (kept for the sanity checks), else nowhere. A run past `timeout`
    seconds is killed (exit code -9)."""
    with open(output or os.devnull, "wb") as out, open(f"{output}.err" if output else os.devnull, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env=env)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # wait4, not Popen.wait: it returns the rusage
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode


def tool_env() -> dict[str, str]:
    """The environment of the timed runs: as on a user's machine, Python may use and write byte code."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_stackcheck(env: dict[str, str]) -> None:
    """Compile stackcheck's modules once, as `pip install` does for an installed package (the peers' were
    compiled when pip installed them); an editable install run under PYTHONDONTWRITEBYTECODE would
    otherwise compile every module on every run."""
    import stackcheck

    subprocess.run([sys.executable, "-m", "compileall", "-q", os.path.dirname(stackcheck.__file__)],
                   env=env, check=False, stdout=subprocess.DEVNULL)
