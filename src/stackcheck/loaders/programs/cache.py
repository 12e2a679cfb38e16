"""A cache of program runs, keyed by a hash of everything that decides the result.

A CDK for Terraform synth costs tens of seconds; a second scan of an unchanged project must not pay it
again. The key covers the project's files (what is copied into the sandbox), the command, the
environment it is given, the interpreter (its path, and the modification time of its site-packages,
which changes when packages are installed) and stackcheck's version. Stored: the exit status, stdout,
stderr, the output directory and the files the program created in its working copy, with the
temporary paths written as placeholders so that a restored run reads as if it had just run.

Where: $STACKCHECK_CACHE_DIR, else $XDG_CACHE_HOME/stackcheck, else ~/.cache/stackcheck (never the
user's project). `--no-cache` turns it off. Runs that timed out are not cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stackcheck.loaders.programs.sandbox import ProgramRun

FORMAT = 1
MAX_ENTRIES = 64  # oldest entries beyond this are removed
MAX_TEXT = 32 << 20  # files larger than this are stored as they are, without path placeholders
WORK, OUT = "@@STACKCHECK_WORKDIR@@", "@@STACKCHECK_OUTDIR@@"
SKIP_NAMES = {".git", ".venv", "venv", "node_modules", "cdk.out", "cdktf.out", ".terraform", "__pycache__",
              ".pytest_cache"}

_enabled = os.environ.get("STACKCHECK_NO_CACHE", "") == ""


def configure(enabled: bool) -> None:
    global _enabled
    _enabled = enabled


def enabled() -> bool:
    return _enabled


def cache_dir() -> str:
    explicit = os.environ.get("STACKCHECK_CACHE_DIR")
    if explicit:
        return os.path.join(explicit, "programs")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "stackcheck", "programs")


def project_files(root: str) -> list[str]:
    """Relative paths of the files that the sandbox copies (the same names are skipped), sorted."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_NAMES)
        for name in filenames:
            if not name.endswith(".pyc"):
                out.append(os.path.relpath(os.path.join(dirpath, name), root))
    return sorted(out)


def _interpreter_stamp(python: str) -> str:
    real = os.path.realpath(python)
    stamp = [real]
    venv = os.path.dirname(os.path.dirname(python))
    for lib in ("lib", "lib64"):
        libdir = os.path.join(venv, lib)
        if os.path.isdir(libdir):
            for entry in sorted(os.listdir(libdir)):
                site = os.path.join(libdir, entry, "site-packages")
                if os.path.isdir(site):
                    stamp.append(f"{site}:{os.stat(site).st_mtime_ns}")
    if real == os.path.realpath(sys.executable):
        stamp += [f"{p}:{os.stat(p).st_mtime_ns}" for p in sys.path if p.endswith("site-packages") and os.path.isdir(p)]
    return "|".join(stamp)


def key(project_dir: str, argv: list[str], python: str, env: dict[str, str]) -> str:
    from stackcheck import __version__

    digest = hashlib.sha256()
    head = {"format": FORMAT, "version": __version__, "argv": argv, "python": _interpreter_stamp(python),
            "env": sorted(env.items())}
    digest.update(json.dumps(head, sort_keys=True).encode())
    for rel in project_files(project_dir):
        digest.update(rel.encode() + b"\0")
        try:
            with open(os.path.join(project_dir, rel), "rb") as fh:
                digest.update(hashlib.sha256(fh.read()).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def _copy_tree(src: str, dst: str, old: list[tuple[str, str]], only: set[str] | None = None) -> None:
    """Copy src to dst, replacing each (text, replacement) pair in text files."""
    for dirpath, _dirs, filenames in os.walk(src):
        for name in filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, src)
            if only is not None and rel not in only:
                continue
            target = os.path.join(dst, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.islink(path) or os.path.getsize(path) > MAX_TEXT:
                shutil.copy2(path, target, follow_symlinks=False)
                continue
            with open(path, "rb") as fh:
                data = fh.read()
            for a, b in old:
                data = data.replace(a.encode(), b.encode())
            with open(target, "wb") as fh:
                fh.write(data)


def _swap(text: str, pairs: list[tuple[str, str]]) -> str:
    for a, b in pairs:
        text = text.replace(a, b)
    return text


def store(cache_key: str, run: ProgramRun, created: set[str]) -> None:
    """Keep a finished run. `created`: files (relative) the program added to its working copy."""
    if run.timed_out:
        return
    root = cache_dir()
    final = os.path.join(root, cache_key)
    try:
        os.makedirs(root, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=".incoming-", dir=root)
        to_placeholders = [(os.path.realpath(run.outdir), OUT), (run.outdir, OUT),
                           (os.path.realpath(run.workdir), WORK), (run.workdir, WORK)]
        _copy_tree(run.outdir, os.path.join(staging, "out"), to_placeholders)
        _copy_tree(run.workdir, os.path.join(staging, "work"), to_placeholders, only=created)
        meta = {"returncode": run.returncode, "stdout": _swap(run.stdout, to_placeholders),
                "stderr": _swap(run.stderr, to_placeholders), "network_isolated": run.network_isolated,
                "seconds": run.seconds}
        with open(os.path.join(staging, "run.json"), "w", encoding="utf-8") as fh:
            json.dump(meta, fh)
        if os.path.exists(final):
            shutil.rmtree(staging, ignore_errors=True)
        else:
            os.replace(staging, final)  # atomic: a concurrent reader sees all of it or nothing
        _evict(root)
    except OSError:
        pass  # a cache that cannot be written is only a slower scan


def restore(cache_key: str, workdir: str, outdir: str) -> dict | None:
    """Fill workdir/outdir from the cache; the stored run's fields, or None on a miss."""
    entry = os.path.join(cache_dir(), cache_key)
    meta_path = os.path.join(entry, "run.json")
    try:
        with open(meta_path, encoding="utf-8") as fh:
            meta = json.load(fh)
        back = [(OUT, outdir), (WORK, workdir)]
        for sub, dst in (("out", outdir), ("work", workdir)):
            if os.path.isdir(os.path.join(entry, sub)):
                _copy_tree(os.path.join(entry, sub), dst, back)
        os.utime(entry)  # recently used: evicted last
    except (OSError, ValueError):
        return None
    meta["stdout"] = _swap(meta.get("stdout", ""), back)
    meta["stderr"] = _swap(meta.get("stderr", ""), back)
    return meta


def _evict(root: str) -> None:
    entries = []
    for name in os.listdir(root):
        path = os.path.join(root, name)
        if name.startswith(".incoming-"):
            if time.time() - os.stat(path).st_mtime > 3600:
                shutil.rmtree(path, ignore_errors=True)
            continue
        entries.append((os.stat(path).st_mtime, path))
    for _mtime, path in sorted(entries)[:-MAX_ENTRIES]:
        shutil.rmtree(path, ignore_errors=True)
