"""--jobs and determinism: the same input gives byte-identical JSON and SARIF across runs and job counts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from stackcheck import scan as _scan_module
from stackcheck.scan import ProgramOptions, scan

_REAL_PROCESS = _scan_module._process

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seed-cases"


def _static_inputs() -> list[str]:
    """The example stacks and every Terraform/CloudFormation seed case (broken and fixed)."""
    paths = [str(ROOT / "examples")]
    if SEEDS.is_dir():
        for case in sorted(SEEDS.iterdir()):
            for kind in ("broken", "fixed"):
                d = case / kind
                program = any((d / m).exists() for m in ("cdktf.json", "Pulumi.yaml", "cdk.json"))
                if d.is_dir() and not program and any(p.suffix in (".tf", ".yaml", ".yml", ".json")
                                                      for p in d.iterdir()):
                    paths.append(str(d))
    return paths


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "stackcheck", "scan", *args, "--no-programs"],
                          capture_output=True, cwd=ROOT)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_output_identical_across_runs_and_jobs(fmt):
    paths = _static_inputs()
    assert len(paths) > 10
    outputs = {}
    for label, jobs in (("jobs1-a", "1"), ("jobs1-b", "1"), ("jobs2", "2"), ("jobs3", "3")):
        proc = _run(*paths, "--format", fmt, "--jobs", jobs)
        assert proc.returncode in (0, 1, 2), proc.stderr.decode()
        assert b"Traceback" not in proc.stderr
        outputs[label] = (proc.returncode, proc.stdout, proc.stderr)
    first = outputs["jobs1-a"]
    assert first[1], "no output"
    for label, out in outputs.items():
        assert out == first, f"{fmt}: output of {label} differs from --jobs 1"


def test_parallel_scan_matches_serial_in_process():
    paths = _static_inputs()
    static = ProgramOptions(enabled=False)
    serial = scan(paths, jobs=1, programs=static)
    parallel = scan(paths, jobs=2, programs=static)
    assert [f.to_dict() for f in serial.findings] == [f.to_dict() for f in parallel.findings]
    assert [s.path for s in serial.stacks] == [s.path for s in parallel.stacks]
    assert [str(e) for e in serial.errors] == [str(e) for e in parallel.errors]
    assert sum(len(s.resources) for s in parallel.stacks) == sum(len(s.resources) for s in serial.stacks)


def test_progress_reports_every_input(tmp_path):
    for i in range(3):
        (tmp_path / f"m{i}").mkdir()
        (tmp_path / f"m{i}" / "main.tf").write_text(f'resource "aws_sqs_queue" "q" {{ name = "q{i}" }}\n')
    seen: list[tuple[int, int]] = []
    scan([str(tmp_path)], jobs=2, progress=lambda done, total, path: seen.append((done, total)))
    assert sorted(seen) == [(1, 3), (2, 3), (3, 3)]


def test_jobs_must_be_positive():
    proc = _run("examples", "--jobs", "0")
    assert proc.returncode == 2
    assert b"--jobs" in proc.stderr


def _dies_on_m2(unit, *args):
    import os

    if unit.path.endswith("m2"):
        os._exit(9)  # what the kernel's OOM killer or a segfault looks like to the pool
    return _REAL_PROCESS(unit, *args)


def test_a_dying_worker_loses_only_its_own_input(tmp_path, monkeypatch):
    import os

    from stackcheck import scan as scan_module

    for i in range(4):
        (tmp_path / f"m{i}").mkdir()
        (tmp_path / f"m{i}" / "main.tf").write_text(f'resource "aws_ecr_repository" "r" {{ name = "Upper{i}" }}\n')
    monkeypatch.setattr(scan_module, "_process", _dies_on_m2)
    result = scan([str(tmp_path)], jobs=2, programs=ProgramOptions(enabled=False))
    assert {f.resource for f in result.findings} == {"aws_ecr_repository.r"}
    assert sorted({os.path.basename(os.path.dirname(f.file)) for f in result.findings}) == ["m0", "m1", "m3"]
    assert len(result.internal_errors) == 1 and "m2: internal error: the worker died" in result.internal_errors[0]
