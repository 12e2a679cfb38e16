"""Run a user's program without letting it touch the user's tree, credentials or the network.

- The project is copied to a temporary directory and run there; its output goes to another temporary
  directory. The user's files are never written.
- The environment is rebuilt from scratch: no AWS credentials, tokens, profiles or config files; a fake
  region and account; HOME is a temporary directory; proxies point at a closed local port.
- Where the system allows it (`unshare -rn`: a new user and network namespace) the program has no
  network at all.
- A timeout ends it (the whole process group).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import cache

from stackcheck.loaders.programs import cache as program_cache

COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "venv", "node_modules", "cdk.out", "cdktf.out",
                                     ".terraform", "__pycache__", "*.pyc", ".pytest_cache")
FAKE_ACCOUNT = "123456789012"
FAKE_REGION = "us-east-1"
# Variables a program may need to run; everything else (AWS_*, tokens, proxies) is dropped.
PASS_THROUGH = ("PATH", "LANG", "LC_ALL", "TZ", "TERM", "SYSTEMROOT", "PYENV_ROOT", "PYENV_VERSION")


@dataclass
class ProgramRun:
    returncode: int | None  # None when it timed out
    stdout: str
    stderr: str
    workdir: str  # where the copy of the project ran
    outdir: str  # where it was told to write
    project_dir: str  # the user's directory (for mapping paths back)
    timed_out: bool
    network_isolated: bool
    seconds: float
    cached: bool = False  # restored from the program cache, not run

    def user_path(self, path: str) -> str:
        """A path inside the copy, as the user's path."""
        work = os.path.realpath(self.workdir)
        real = os.path.realpath(path)
        if real.startswith(work + os.sep):
            return os.path.join(self.project_dir, os.path.relpath(real, work))
        return path

    def cleanup(self) -> None:
        shutil.rmtree(os.path.dirname(self.workdir), ignore_errors=True)


@cache
def network_namespace_available() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def choose_python(project_dir: str, python: str | None = None) -> str:
    """--python, else the project's .venv or venv, else stackcheck's own interpreter."""
    if python:
        return python
    for name in (".venv", "venv"):
        candidate = os.path.join(project_dir, name, "bin", "python")
        if os.path.exists(candidate):
            return candidate
    return sys.executable


def clean_env(home: str, outdir: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: os.environ[k] for k in PASS_THROUGH if k in os.environ}
    env.update({
        "HOME": home, "TMPDIR": home, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1",
        "AWS_REGION": FAKE_REGION, "AWS_DEFAULT_REGION": FAKE_REGION,
        "CDK_DEFAULT_ACCOUNT": FAKE_ACCOUNT, "CDK_DEFAULT_REGION": FAKE_REGION,
        "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true",
        "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "",
        "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
        "CHECKPOINT_DISABLE": "1", "STACKCHECK_OUTDIR": outdir, "JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION": "1",
        "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
    })
    # jsii (CDK, CDKTF) unpacks every binding package at each start; keeping its package cache outside the
    # throw-away HOME saves most of a CDKTF synth's first run (the cache holds only published packages).
    jsii_cache = os.path.join(os.path.dirname(program_cache.cache_dir()), "jsii-packages")
    if program_cache.enabled():
        env["JSII_RUNTIME_PACKAGE_CACHE_ROOT"] = jsii_cache
    env.update(extra or {})
    return env


def _spinner(stop: threading.Event, label: str) -> None:
    frames = "|/-\\"
    i = 0
    start = time.monotonic()
    while not stop.wait(0.2):
        sys.stderr.write(f"\r{frames[i % 4]} {label} ({time.monotonic() - start:.0f}s)")
        sys.stderr.flush()
        i += 1
    sys.stderr.write("\r" + " " * (len(label) + 12) + "\r")


def run_program(project_dir: str, argv: list[str], *, python: str | None = None, timeout: float = 120,
                env_extra: dict[str, str] | None = None, label: str | None = None) -> ProgramRun:
    """Run `python argv...` on a copy of `project_dir`. `env_extra` may refer to {outdir} and {workdir}."""
    base = tempfile.mkdtemp(prefix="stackcheck-run-")
    workdir = os.path.join(base, "project")
    outdir = os.path.join(base, "out")
    home = os.path.join(base, "home")
    shutil.copytree(project_dir, workdir, ignore=COPY_IGNORE, symlinks=True)
    os.makedirs(outdir)
    os.makedirs(home)
    extra = {k: v.format(outdir=outdir, workdir=workdir) for k, v in (env_extra or {}).items()}
    env = clean_env(home, outdir, extra)
    command = [choose_python(project_dir, python), *argv]
    cache_key = program_cache.key(workdir, argv, command[0], env_extra or {}) if program_cache.enabled() else None
    if cache_key:
        hit = program_cache.restore(cache_key, workdir, outdir)
        if hit is not None:
            return ProgramRun(hit["returncode"], hit["stdout"], hit["stderr"], workdir, outdir,
                              os.path.abspath(project_dir), False, bool(hit.get("network_isolated")), 0.0, True)
        before = set(_all_files(workdir))
    isolated = network_namespace_available()
    if isolated:
        command = ["unshare", "-rn", *command]
    stop = threading.Event()
    spinner = None
    if label and sys.stderr.isatty():
        spinner = threading.Thread(target=_spinner, args=(stop, label), daemon=True)
        spinner.start()
    started = time.monotonic()
    try:
        proc = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, text=True, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
            code: int | None = proc.returncode
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            code, timed_out = None, True
    finally:
        stop.set()
        if spinner is not None:
            spinner.join()
    run = ProgramRun(code, out, err, workdir, outdir, os.path.abspath(project_dir), timed_out, isolated,
                     time.monotonic() - started)
    if cache_key:
        program_cache.store(cache_key, run, set(_all_files(workdir)) - before)
    return run


def _all_files(root: str) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        out += [os.path.relpath(os.path.join(dirpath, n), root) for n in filenames]
    return out
