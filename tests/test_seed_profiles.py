"""The seed cases scored with each seed's own stated requirements as the requirement profile.

With the default production profile every requirement rule runs on every stack, so a fixed twin from one
seed is still reported for another seed's requirement (tests/test_seed_cases.py, KNOWN_OVERLAPS). A user
states the requirements of a stack in .stackcheck.toml; tests/seed_profiles/seed-NNN.toml does that for
each seed, citing the section that states each one. With them, seedcheck must find every broken case and
no finding of the case's rules on any fixed twin: the overlaps are a matter of stated requirements, not
of wrong findings. (Terraform and CloudFormation cases: the program cases are scored in CI by seedcheck
and tests/test_program_*.py, and have no overlap.)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED

SEEDCHECK = SHARED / "tools" / "seedcheck.py"
CASES = SHARED / "seed-cases"
PROFILES = Path(__file__).parent / "seed_profiles"


def _cases_of(seed: str) -> list[Path]:
    out = []
    for case in sorted(CASES.iterdir()):
        expected = case / "expected.json"
        if expected.exists():
            data = json.loads(expected.read_text())
            if data["seed"].startswith(seed) and data["framework"] in ("terraform", "cloudformation"):
                out.append(case)
    return out


@pytest.mark.skipif(not SEEDCHECK.exists(), reason="../shared is not beside the checkout")
@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_cases_with_the_seeds_stated_requirements(seed, tmp_path):
    cases = _cases_of(seed)
    assert cases
    for case in cases:
        (tmp_path / case.name).symlink_to(case, target_is_directory=True)
    # the profile is found from the working directory, as a user's .stackcheck.toml is
    shutil.copy(PROFILES / f"seed-{seed}.toml", tmp_path / ".stackcheck.toml")
    cmd = shutil.which("stackcheck") or f"{sys.executable} -m stackcheck"
    proc = subprocess.run([sys.executable, str(SEEDCHECK), "--cmd", cmd, "--json", "--cases", str(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600)
    rows = json.loads(proc.stdout[: proc.stdout.rindex("]") + 1])
    assert len(rows) == len(cases), proc.stderr
    assert [r["case"] for r in rows if not r["caught"]] == []
    assert [(r["case"], r["noise"]) for r in rows if not r["clean"]] == []
    assert ROOT.exists()
