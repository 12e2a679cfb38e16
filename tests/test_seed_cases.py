"""The seed cases (../shared/seed-cases), scored by ../shared/tools/seedcheck.py, as CI runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

SEEDCHECK = SHARED / "tools" / "seedcheck.py"

# Requirement/advisory cases whose fixed twin still carries a finding of another seed's requirement on
# the same resource (seedcheck counts it): the twins do not meet the other seeds' stated requirements.
# See the closing note of the core issue; the count must not grow.
KNOWN_OVERLAPS = {"018-names-missing-environment-suffix", "019-ecs-service-before-listener",
                  "021-incomplete-stack-outputs"}


@pytest.mark.skipif(not SEEDCHECK.exists(), reason="../shared is not beside the checkout")
def test_seed_cases_terraform_and_cloudformation():
    cmd = shutil.which("stackcheck") or f"{sys.executable} -m stackcheck"
    proc = subprocess.run([sys.executable, str(SEEDCHECK), "--cmd", cmd, "--json", "--framework", "terraform",
                           "--framework", "cloudformation"], capture_output=True, text=True, cwd=ROOT, timeout=600)
    rows = json.loads(proc.stdout[: proc.stdout.rindex("]") + 1])
    assert len(rows) == 39
    missed = [r["case"] for r in rows if not r["caught"]]
    assert missed == []
    false_blockers = [r["case"] for r in rows if r["kind"] == "blocker" and not r["clean"]]
    assert false_blockers == []
    overlaps = {r["case"] for r in rows if not r["clean"]}
    assert overlaps <= KNOWN_OVERLAPS, overlaps - KNOWN_OVERLAPS
