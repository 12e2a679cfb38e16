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
# The same input must be reported in one case and silent in the other, so no default can pass both
# (see the closing notes of issues 1 and 5); the set must not grow.
KNOWN_OVERLAPS = {
    # Seed 001 stacks: Aurora/Redis/secret without a customer-managed key (seed 002's requirement, case
    # 024), a rolling ECS deployment (seed 000's blue/green, case 010), no database log exports (034), a
    # one-instance Aurora cluster (SC905).
    "018-names-missing-environment-suffix", "019-ecs-service-before-listener", "021-incomplete-stack-outputs",
    # Seed 002 templates without any output: seed 002 section 15 requires outputs (cases 038 and, with no
    # output at all, 046), so SC902 reports their data stores in broken/ and fixed/ alike.
    "024-no-customer-managed-kms-keys", "025-kms-key-rotation-disabled", "026-elasticache-encryption-disabled",
    "030-elasticache-not-multi-az", "034-aurora-backups-and-log-exports-missing",
    "037-names-missing-environment-suffix-cfn",
}


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
