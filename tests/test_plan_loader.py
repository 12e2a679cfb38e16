"""Terraform plan JSON: planned values plus the configuration's references for values known after apply."""

from __future__ import annotations

from stackcheck.model.values import KMS_KEY_ID, Unknown
from stackcheck.scan import load, scan
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"


def test_plan_keeps_references_and_kinds():
    stacks, errors = load([str(DATA / "plan-kms-key-id.json")])
    assert errors == [] and len(stacks) == 1
    cluster = stacks[0].by_address["aws_rds_cluster.aurora"]
    key = cluster.attrs["kms_key_id"]
    assert isinstance(key, Unknown) and key.kind == KMS_KEY_ID and key.target == "aws_kms_key.data"
    assert cluster.attrs["engine"] == "aurora-postgresql"  # a planned, known value
    assert cluster.line > 1


def test_plan_findings():
    blockers = {(f.rule_id, f.resource) for f in scan([str(DATA / "plan-kms-key-id.json")]).blockers}
    assert blockers == {("SC101", "aws_rds_cluster.aurora"), ("SC101", "aws_efs_file_system.shared")}
    blockers = {(f.rule_id, f.resource) for f in scan([str(DATA / "plan-api-deployment.json")]).blockers}
    assert ("SC203", "aws_api_gateway_deployment.streaming") in blockers
