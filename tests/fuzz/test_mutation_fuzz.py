"""The mutation fuzzer (tools/fuzz.py) at CI size: a few hundred mutants of the seed-case files,
each scanned in-process under a time limit; any crash fails the test and is saved for triage.

For a release, run the long campaign (about an hour on one core):

    .venv/bin/python tools/fuzz.py --iterations 20000 --seed 7 --crashes fuzz-crashes

and turn every saved crash into a directory under tests/fuzz/regressions/.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ITERATIONS = 600


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("stackcheck_fuzz", ROOT / "tools" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_mutants_never_crash(tmp_path: Path) -> None:
    fuzz = _fuzz_module()
    if not fuzz.seed_files(fuzz.DEFAULT_SEEDS):
        pytest.skip("no seed files (../shared/seed-cases)")
    summary = fuzz.fuzz(ITERATIONS, seed=0, time_limit=20.0, crash_dir=tmp_path / "crashes")
    assert summary.runs == ITERATIONS
    assert not summary.crashes, json.dumps(summary.to_dict(), indent=2)[:6000]


def test_mutations_are_deterministic() -> None:
    fuzz = _fuzz_module()
    import random

    data = b'resource "aws_sqs_queue" "q" {\n  name = "a"\n}\n'
    first = [fuzz.mutant(data, random.Random(f"3:{i}")) for i in range(50)]
    assert first == [fuzz.mutant(data, random.Random(f"3:{i}")) for i in range(50)]
    assert len({m for m, _ in first}) > 25  # and they do differ from one another
