"""The peers' own environment, bench/.venv-peers: created and filled once, then used offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(HERE, ".venv-peers")
BIN = os.path.join(VENV, "bin")
# py-spy profiles stackcheck from outside its process (bench/profile_scan.py).
PACKAGES = ["cfn-lint", "cloudformation-validate", "checkov", "matplotlib", "py-spy"]
MARKER = os.path.join(VENV, ".bench-installed")


def ensure() -> None:
    """Create bench/.venv-peers and install the peers unless that was done before."""
    if os.path.exists(MARKER):
        return
    print(f"bench: installing {', '.join(PACKAGES)} into {os.path.relpath(VENV)} (once)", flush=True)
    if not os.path.exists(os.path.join(BIN, "python")):
        subprocess.run(["python3", "-m", "venv", VENV], check=True)
    subprocess.run([os.path.join(BIN, "python"), "-m", "pip", "install", "-q", *PACKAGES], check=True)
    with open(MARKER, "w") as fh:
        fh.write("\n".join(PACKAGES) + "\n")


def tool(name: str) -> str:
    return os.path.join(BIN, name)


def python() -> str:
    return os.path.join(BIN, "python")


def version(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else "?"


def pip_version(package: str) -> str:
    out = subprocess.run([python(), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"],
                         capture_output=True, text=True)
    return out.stdout.strip() or "?"


def terraform() -> str | None:
    return shutil.which("terraform")


def stackcheck_python() -> str:
    """The interpreter stackcheck is installed in (the project venv when run by `make bench`)."""
    return sys.executable
