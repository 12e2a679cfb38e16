"""Programs run contained: no credentials, no network, no writes to the user's tree, bounded time."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from stackcheck.loaders.programs.sandbox import network_namespace_available, run_program

PROBE = """
import json, os, socket, pathlib
out = {"env": sorted(k for k in os.environ if k.startswith(("AWS_ACCESS", "AWS_SECRET", "AWS_SESSION", "AWS_PROFILE"))),
       "home_creds": os.path.exists(os.path.expanduser("~/.aws/credentials"))}
s = socket.socket(); s.settimeout(2)
try:
    out["connect"] = s.connect_ex(("127.0.0.1", 9)) if False else s.connect_ex(("1.1.1.1", 443))
except OSError as exc:
    out["connect"] = str(exc)
pathlib.Path("written-by-program.txt").write_text("x")
pathlib.Path("main.py").write_text("overwritten")
print(json.dumps(out))
"""


def _tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        h.update(str(path.relative_to(root)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def test_program_sees_no_credentials_and_cannot_write_the_tree(tmp_path, monkeypatch):
    (tmp_path / "main.py").write_text(PROBE)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("AWS_PROFILE", "prod")
    before = _tree_digest(tmp_path)
    run = run_program(str(tmp_path), ["main.py"], timeout=30)
    try:
        assert run.returncode == 0, run.stderr
        out = json.loads(run.stdout)
        assert out["env"] == [] and out["home_creds"] is False
        if network_namespace_available():
            assert out["connect"] != 0  # no route out of the namespace
        assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAEXAMPLE"  # ours untouched
    finally:
        run.cleanup()
    assert _tree_digest(tmp_path) == before  # byte-identical, nothing added


def test_program_is_stopped_at_the_time_limit(tmp_path):
    (tmp_path / "main.py").write_text("import time\ntime.sleep(60)\n")
    run = run_program(str(tmp_path), ["main.py"], timeout=1)
    run.cleanup()
    assert run.timed_out and run.returncode is None and run.seconds < 10
