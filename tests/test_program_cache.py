"""The program cache: an unchanged program is not run again; any change runs it again."""

from __future__ import annotations

import json
import os
import textwrap

from stackcheck.loaders.programs import cache
from stackcheck.loaders.programs.sandbox import run_program

PROGRAM = textwrap.dedent('''
    import os, sys
    out = os.environ["STACKCHECK_OUTDIR"]
    with open(os.path.join(out, "result.json"), "w") as fh:
        fh.write('{"cwd": "%s", "out": "%s"}' % (os.getcwd(), out))
    os.makedirs("synth.out", exist_ok=True)
    open(os.path.join("synth.out", "stack.json"), "w").write(os.getcwd())
    print("ran in", os.getcwd())
''')


def test_second_run_is_restored_with_its_own_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("STACKCHECK_CACHE_DIR", str(tmp_path / "cache"))
    cache.configure(True)
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.py").write_text(PROGRAM)
    first = run_program(str(project), ["main.py"])
    second = run_program(str(project), ["main.py"])
    try:
        assert first.returncode == 0 and not first.cached
        assert second.cached and second.returncode == 0
        # The restored run names its own temporary directories, as if it had just run there.
        assert second.stdout == f"ran in {second.workdir}\n"
        with open(os.path.join(second.outdir, "result.json")) as fh:
            assert json.loads(fh.read()) == {"cwd": second.workdir, "out": second.outdir}
        with open(os.path.join(second.workdir, "synth.out", "stack.json")) as fh:
            assert fh.read() == second.workdir
        # A changed file is a new key: the program runs again.
        (project / "main.py").write_text(PROGRAM + "\nprint('changed')\n")
        third = run_program(str(project), ["main.py"])
        assert not third.cached and "changed" in third.stdout
    finally:
        for run in (first, second):
            run.cleanup()


def test_disabled_cache_always_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("STACKCHECK_CACHE_DIR", str(tmp_path / "cache"))
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.py").write_text("print('hello')\n")
    cache.configure(False)
    try:
        runs = [run_program(str(project), ["main.py"]) for _ in range(2)]
        assert not any(r.cached for r in runs)
        assert not (tmp_path / "cache").exists()
    finally:
        cache.configure(True)


def test_timed_out_runs_are_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("STACKCHECK_CACHE_DIR", str(tmp_path / "cache"))
    cache.configure(True)
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.py").write_text("import time\ntime.sleep(30)\n")
    first = run_program(str(project), ["main.py"], timeout=1)
    second = run_program(str(project), ["main.py"], timeout=1)
    assert first.timed_out and second.timed_out and not second.cached
