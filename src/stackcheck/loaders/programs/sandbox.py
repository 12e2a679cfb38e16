"""Run a user's program without letting it touch the user's tree, credentials or the network.

- The project is copied to a temporary directory and run there; its output goes to another temporary
  directory. The user's files are never written.
- The environment is rebuilt from scratch: no AWS credentials, tokens, profiles or config files; a fake
  region and account; HOME is a temporary directory; proxies point at a closed local port.
- Where the system allows it (`unshare -rn`: a new user and network namespace) the program has no
  network at all.
- Where it also allows a mount namespace (`unshare -rnm`), every file system is read-only to the program
  except its temporary directory (and the jsii package cache), so that a write by absolute path (into
  the user's project, anywhere) fails with "Read-only file system"; the user's credential files and
  directories (~/.aws, ~/.ssh, ...) are hidden behind empty mounts, so an absolute path does not reach
  them either. Without a mount namespace those two are not enforced: the copy, the empty HOME and the
  cleaned environment remain, and a write into the user's project is noticed afterwards (sizes and
  modification times) and reported as the program's failure.
- Inside the mount namespace the program also gets a PID namespace: nothing it starts outlives it.
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


# Under the user's real HOME: where credentials and other secrets live. Hidden from programs where a
# mount namespace allows it (an empty tmpfs over a directory, /dev/null over a file).
SECRET_PATHS = (".aws", ".ssh", ".gnupg", ".docker", ".kube", ".azure", ".config/gcloud", ".pulumi",
                ".terraform.d", ".netrc", ".git-credentials", ".npmrc", ".pypirc", ".boto", ".s3cfg")
# Mount points left as they are: kernel interfaces, not files a program could damage or read secrets from.
KEEP_MOUNTS = ("/proc", "/sys", "/dev")
# Runs as the program's parent inside the new namespaces: bind the writable directories onto
# themselves (so they stay writable), make every other mount read-only, give /dev/shm a private tmpfs,
# hide the secrets, enter the working directory again (the inherited one is on the read-only mount
# beneath the new bind), then exec the program. Arguments: WRITABLE... -- MOUNTS... -- DIRS... -- FILES... -- CMD...
CONTAIN = r"""
set -e
while [ "$1" != -- ]; do mount --bind "$1" "$1"; shift; done; shift
while [ "$1" != -- ]; do mount -o remount,bind,ro "$1" 2>/dev/null || true; shift; done; shift
mount -t tmpfs -o size=64m none /dev/shm 2>/dev/null || true
while [ "$1" != -- ]; do mount -t tmpfs -o ro,size=4k none "$1"; shift; done; shift
while [ "$1" != -- ]; do mount --bind /dev/null "$1"; shift; done; shift
cd "$PWD"
exec "$@"
"""


def _mount_points() -> list[str]:
    """Every mount point of this process (from /proc/self/mounts), outermost first."""
    try:
        with open("/proc/self/mounts", encoding="utf-8") as fh:
            points = [line.split()[1].replace("\\040", " ") for line in fh if len(line.split()) > 1]
    except OSError:
        return ["/"]
    keep = [p for p in dict.fromkeys(points)
            if not any(p == k or p.startswith(k + "/") for k in KEEP_MOUNTS)]
    return sorted(keep, key=lambda p: (p.count("/"), p)) or ["/"]


def secret_paths(home: str | None = None) -> tuple[list[str], list[str]]:
    """(directories, files) holding the user's credentials, as they exist now."""
    home = home or os.path.expanduser("~")
    candidates = [os.path.join(home, p) for p in SECRET_PATHS]
    for var in ("AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"):  # set where the user keeps them elsewhere
        if os.environ.get(var):
            candidates.append(os.path.abspath(os.environ[var]))
    dirs = [p for p in candidates if os.path.isdir(p) and not os.path.islink(p)]
    files = [p for p in candidates if os.path.isfile(p) and not os.path.islink(p)]
    return dirs, files


def contain_command(command: list[str], writable: list[str]) -> list[str]:
    """`command` inside new user, network, mount and PID namespaces with a read-only view of the system."""
    dirs, files = secret_paths()
    # --pid --fork: a new PID namespace, so that nothing the program starts (even in a session of its
    # own, out of reach of the timeout's killpg) outlives it.
    return ["unshare", "-rnm", "--pid", "--fork", "sh", "-c", CONTAIN, "sh", *writable, "--", *_mount_points(), "--", *dirs, "--",
            *files, "--", *command]


@cache
def mount_namespace_available() -> bool:
    if not network_namespace_available():
        return False
    probe = tempfile.mkdtemp(prefix="stackcheck-probe-")
    try:
        command = contain_command(["sh", "-c", f'touch "{probe}/ok"'], [probe])
        done = subprocess.run(command, capture_output=True, timeout=10)
        return done.returncode == 0 and os.path.exists(os.path.join(probe, "ok"))
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        shutil.rmtree(probe, ignore_errors=True)


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
                env_extra: dict[str, str] | None = None, label: str | None = None,
                files: dict[str, str] | None = None) -> ProgramRun:
    """Run `python argv...` on a copy of `project_dir`. `env_extra` may refer to {outdir}, {workdir} and
    {base} (the run's private directory, where `files` are written: name -> text). Only what is derived from
    the project's files may go into `files`: the cache key does not cover their text."""
    base = tempfile.mkdtemp(prefix="stackcheck-run-")
    workdir = os.path.join(base, "project")
    outdir = os.path.join(base, "out")
    home = os.path.join(base, "home")
    shutil.copytree(project_dir, workdir, ignore=COPY_IGNORE, symlinks=True)
    os.makedirs(outdir)
    os.makedirs(home)
    for name, text in (files or {}).items():
        with open(os.path.join(base, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    extra = {k: v.format(outdir=outdir, workdir=workdir, base=base) for k, v in (env_extra or {}).items()}
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
    contained = isolated and mount_namespace_available()
    # Without a mount namespace nothing stops a write by absolute path into the user's tree: notice it.
    tree_before = None if contained else _tree_state(project_dir)
    if contained:
        writable = [base] + [p for p in (env.get("JSII_RUNTIME_PACKAGE_CACHE_ROOT"),) if p]
        for path in writable:
            os.makedirs(path, exist_ok=True)
        command = contain_command(command, writable)
    elif isolated:
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
    changed = sorted(_changed(tree_before, _tree_state(project_dir))) if tree_before is not None else []
    if changed:
        # Reported as the program's failure (SC705), naming what it touched; its output is not used.
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        err += (f"\nPermissionError: the program wrote outside its temporary copy, into the project: {shown} "
                "(this system cannot make the project read-only to programs)\n")
        code = code if code else 1
    run = ProgramRun(code, out, err, workdir, outdir, os.path.abspath(project_dir), timed_out, isolated,
                     time.monotonic() - started)
    if cache_key:
        program_cache.store(cache_key, run, set(_all_files(workdir)) - before)
    return run


def _tree_state(root: str) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every file of the project (as copied: COPY_IGNORE's directories left out)."""
    skip = {".git", ".venv", "venv", "node_modules", "cdk.out", "cdktf.out", ".terraform", "__pycache__",
            ".pytest_cache"}
    out: dict[str, tuple[int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in skip]
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            out[os.path.relpath(path, root)] = (st.st_size, st.st_mtime_ns)
    return out


def _changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def _all_files(root: str) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        out += [os.path.relpath(os.path.join(dirpath, n), root) for n in filenames]
    return out
