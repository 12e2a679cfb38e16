"""A hostile program project is contained, and the scan says what was refused.

Each test writes an AWS CDK project (cdk.json + app.py; stackcheck runs it like any CDK app) whose
app tries one thing it must not do, records what happened, and raises with that record in the
exception's message; stackcheck runs in a subprocess (`stackcheck scan PROJECT --format json`) with
HOME pointed at a temporary home holding a fake ~/.aws/credentials and AWS keys in its environment.
The scan must exit 1 with SC705 (program did not synthesize) naming the project's app.py and saying
what the sandbox refused, the secret must appear nowhere, and nothing may be written outside the
sandbox.

Exit status, as documented: a program that does not synthesize is a blocker finding (1), not an input
error (2).

What the system must provide: the network tests need `unshare -rn` (user + network namespace), the
read and write tests `unshare -rnm` (+ mount namespace); without them they are skipped, and the
README/sandbox docstring say what is then not enforced.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from stackcheck.loaders.programs.sandbox import mount_namespace_available, network_namespace_available

SECRET = "AKIASTACKCHECKLEAKED7"
SECRET_KEY = "stackcheck/leaked/secret/key/0123456789"

needs_netns = pytest.mark.skipif(not network_namespace_available(), reason="no user+network namespace (unshare -rn)")
needs_mountns = pytest.mark.skipif(not mount_namespace_available(), reason="no mount namespace (unshare -rnm)")

PRELUDE = """
import json, os, socket
observed = {}


def refuse(exc):
    # The app fails the way a real one does when the sandbox refuses it, with what it saw appended.
    raise type(exc)(f"{exc} | observed={json.dumps(observed, sort_keys=True)}")
"""


def _project(root: Path, body: str) -> Path:
    project = root / "app"
    project.mkdir()
    (project / "cdk.json").write_text(json.dumps({"app": "python3 app.py"}))
    (project / "app.py").write_text(PRELUDE + body)
    return project


def _home(root: Path) -> Path:
    home = root / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "credentials").write_text(
        f"[default]\naws_access_key_id = {SECRET}\naws_secret_access_key = {SECRET_KEY}\n")
    (home / ".aws" / "config").write_text("[default]\nregion = eu-west-1\n")
    return home


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        h.update(str(path.relative_to(root)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def _scan(root: Path, project: Path, *extra: str, timeout: float = 180) -> tuple[subprocess.CompletedProcess[str], dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(HOME=str(_home(root)), STACKCHECK_NO_CACHE="1", AWS_ACCESS_KEY_ID=SECRET,
               AWS_SECRET_ACCESS_KEY=SECRET_KEY, AWS_PROFILE="default")
    proc = subprocess.run([sys.executable, "-m", "stackcheck", "scan", str(project), "--format", "json", *extra],
                          capture_output=True, text=True, timeout=timeout, env=env, cwd=root)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert SECRET not in proc.stdout + proc.stderr and SECRET_KEY not in proc.stdout + proc.stderr
    return proc, json.loads(proc.stdout)


def _refusal(proc: subprocess.CompletedProcess[str], report: dict, project: Path) -> dict:
    """The one SC705 finding, at the project's app.py; the scan's exit status 1."""
    assert proc.returncode == 1, proc.stderr
    found = [f for f in report["findings"] if f["rule_id"] == "SC705"]
    assert len(found) == 1, report["findings"]
    assert found[0]["file"] == str(project / "app.py") and found[0]["blocker"] is True
    return found[0]


@needs_mountns
def test_credentials_are_out_of_reach(tmp_path: Path) -> None:
    real = tmp_path / "home" / ".aws" / "credentials"
    project = _project(tmp_path, f"""
observed["env"] = sorted(k for k in os.environ if k.startswith(("AWS_ACCESS", "AWS_SECRET", "AWS_SESSION", "AWS_PROFILE")))
observed["home"] = os.path.expanduser("~")
for name, path in (("by_absolute_path", {str(real)!r}), ("by_home", os.path.expanduser("~/.aws/credentials"))):
    try:
        observed[name] = open(path).read()
    except OSError as exc:
        observed[name] = type(exc).__name__
try:
    open(os.path.expanduser("~/.aws/credentials")).read()
except OSError as exc:
    refuse(exc)
""")
    proc, report = _scan(tmp_path, project)
    finding = _refusal(proc, report, project)
    assert "gives programs no AWS credentials" in finding["message"]
    observed = json.loads(finding["message"].split("observed=", 1)[1].split(" (stackcheck", 1)[0])
    assert observed["env"] == []
    assert observed["home"] != str(tmp_path / "home")
    assert observed["by_absolute_path"] in ("FileNotFoundError", "PermissionError")
    assert observed["by_home"] == "FileNotFoundError"


@needs_netns
def test_network_is_unreachable(tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    accepted: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            accepted.append(conn)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    project = _project(tmp_path, f"""
last = None
for host, port in (("1.1.1.1", 443), ("127.0.0.1", {port})):
    try:
        socket.create_connection((host, port), timeout=3).close()
        observed[host] = "connected"
    except OSError as exc:
        observed[host] = type(exc).__name__
        last = exc
if last is not None:
    refuse(last)
raise SystemExit("connected")
""")
    try:
        proc, report = _scan(tmp_path, project)
    finally:
        stop.set()
        thread.join()
        listener.close()
    assert accepted == []  # the test's own listener, on this machine's loopback, was never reached
    finding = _refusal(proc, report, project)
    assert "without network access" in finding["message"]
    assert '"connected"' not in finding["message"]


@needs_mountns
def test_writes_outside_the_copy_fail_and_nothing_is_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "written-by-program.txt"
    outside.parent.mkdir()
    project_dir = tmp_path / "app"
    project = _project(tmp_path, f"""
targets = {{"project_tree": {str(project_dir / "app.py")!r}, "project_new": {str(project_dir / "new.txt")!r},
           "absolute": {str(outside)!r}, "here": "in-the-copy.txt"}}
last = None
for name, path in targets.items():
    try:
        with open(path, "w") as fh:
            fh.write("written by the program")
        observed[name] = "written"
    except OSError as exc:
        observed[name] = type(exc).__name__
        last = exc
refuse(last)
""")
    before = _digest(project_dir)
    proc, report = _scan(tmp_path, project)
    assert _digest(project_dir) == before  # the user's tree is byte-identical
    assert not outside.exists() and list(outside.parent.iterdir()) == []
    finding = _refusal(proc, report, project)
    assert "write only inside its temporary copy" in finding["message"]
    observed = json.loads(finding["message"].split("observed=", 1)[1].split(" (stackcheck", 1)[0])
    assert observed == {"project_tree": "OSError", "project_new": "OSError", "absolute": "OSError", "here": "written"}


def test_a_program_that_runs_forever_is_stopped(tmp_path: Path) -> None:
    marker = tmp_path / "still-running"
    project = _project(tmp_path, f"""
import subprocess, sys, time
# A child in a session of its own, out of reach of a process-group kill, that would leave a trace.
subprocess.Popen([sys.executable, "-c", "import time, pathlib; time.sleep(6); pathlib.Path({str(marker)!r}).write_text('x')"],
                 start_new_session=True)
while True:
    time.sleep(0.1)
""")
    started = time.monotonic()
    proc, report = _scan(tmp_path, project, "--program-timeout", "3")
    assert time.monotonic() - started < 60
    finding = _refusal(proc, report, project)
    assert "longer than the time limit" in finding["message"]
    if mount_namespace_available():
        time.sleep(7)  # the child would have written by now; in a PID namespace it died with the program
        assert not marker.exists()


@needs_netns
def test_without_a_mount_namespace_a_write_into_the_project_is_reported(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system has no mount namespace the OS cannot stop a write by absolute path; the
    write into the user's project is then noticed and reported as the program's failure."""
    from stackcheck.loaders.programs import failures, sandbox

    monkeypatch.setattr(sandbox, "mount_namespace_available", lambda: False)
    monkeypatch.setenv("STACKCHECK_NO_CACHE", "1")
    project = tmp_path / "app"
    project.mkdir()
    (project / "main.py").write_text(f"open({str(project / 'escaped.txt')!r}, 'w').write('x')\nprint('done')\n")
    run = sandbox.run_program(str(project), ["main.py"], timeout=60)
    try:
        assert run.returncode == 1 and "done" in run.stdout
        assert "wrote outside its temporary copy, into the project: escaped.txt" in run.stderr
        record = failures.classify(run, python=None, id_position=1, program_files=[str(project / "main.py")])
        assert record["sandbox"] == "write" and "write only inside its temporary copy" in record["message"]
    finally:
        run.cleanup()
