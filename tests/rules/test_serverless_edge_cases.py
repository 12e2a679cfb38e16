"""Edge cases of the serverless, observability, edge and ECR rules (SC800-SC872, SC310)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stackcheck.model.runtimes import LIFECYCLE
from stackcheck.rules.ecs.ecr_lifecycle_policy_invalid import problems as ecr_problems
from stackcheck.rules.serverless import lambda_runtime_blocked
from stackcheck.rules.serverless.fields import source_kind
from stackcheck.rules.serverless.sfn_transition_targets import problems as sfn_problems
from stackcheck.scan import scan

FUNCTION_TF = """
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/f"
  runtime       = "RUNTIME"
  handler       = "app.handler"
  filename      = "f.zip"
}
"""


def _findings(tmp_path: Path, text: str, rule_id: str) -> list:
    (tmp_path / "main.tf").write_text(text)
    return [f for f in scan([str(tmp_path)]).findings if f.rule_id == rule_id]


def test_runtime_between_deprecation_and_block_is_advisory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    life = LIFECYCLE["python3.12"]
    monkeypatch.setattr(lambda_runtime_blocked, "today", lambda: life.deprecated + dt.timedelta(days=1))
    found = _findings(tmp_path, FUNCTION_TF.replace("RUNTIME", "python3.12"), "SC800")
    assert len(found) == 1 and not found[0].blocker and found[0].severity == "medium"


def test_runtime_after_create_block_is_blocker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    life = LIFECYCLE["python3.12"]
    monkeypatch.setattr(lambda_runtime_blocked, "today", lambda: life.create_block)
    found = _findings(tmp_path, FUNCTION_TF.replace("RUNTIME", "python3.12"), "SC800")
    assert len(found) == 1 and found[0].blocker


def test_runtime_unknown_is_silent(tmp_path: Path) -> None:
    text = 'variable "rt" { type = string }\n' + FUNCTION_TF.replace('"RUNTIME"', "var.rt")
    assert _findings(tmp_path, text, "SC800") == []


def test_lifecycle_dates_are_ordered() -> None:
    for name, life in LIFECYCLE.items():
        assert life.create_block <= life.update_block, name


def test_source_kind_from_literal_arns() -> None:
    assert source_kind("arn:aws:sqs:eu-west-1:123456789012:jobs") == "sqs"
    assert source_kind("arn:aws:kinesis:eu-west-1:123456789012:stream/s") == "kinesis"
    assert source_kind("arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2024") == "dynamodb"
    assert source_kind("not-an-arn") is None


def test_sfn_map_processor_and_catch_targets() -> None:
    machine = {
        "StartAt": "Each",
        "States": {
            "Each": {"Type": "Map", "ItemProcessor": {"StartAt": "Work", "States": {
                "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Missing"}}},
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}], "End": True},
            "Oops": {"Type": "Fail"},
        },
    }
    errors = list(sfn_problems(machine))
    assert errors == ["MISSING_TRANSITION_TARGET: Missing 'Next' target: Missing at /States/Each/ItemProcessor/States/"
                      "Work/Next"]


def test_sfn_valid_machine_has_no_problem() -> None:
    machine = {"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "BooleanEquals": True,
                                                                           "Next": "B"}], "Default": "C"},
                                          "B": {"Type": "Succeed"}, "C": {"Type": "Fail"}}}
    assert list(sfn_problems(machine)) == []


def test_ecr_valid_policy_and_duplicates() -> None:
    ok = {"rules": [
        {"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
                                          "countNumber": 1}, "action": {"type": "expire"}},
        {"rulePriority": 2, "selection": {"tagStatus": "tagged", "tagPatternList": ["prod*"],
                                          "countType": "imageCountMoreThan", "countNumber": 5},
         "action": {"type": "expire"}},
        {"rulePriority": 3, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 50},
         "action": {"type": "expire"}},
    ]}
    assert ecr_problems(ok) == []
    dup = {"rules": [dict(ok["rules"][0]), dict(ok["rules"][1], rulePriority=1)]}
    assert any("rulePriority 1" in p for p in ecr_problems(dup))
