"""CDK for Terraform (Python) programs: synthesis in the sandbox, failures, construct ids.

The seed-case tests synthesize real apps (tens of seconds each: the AWS provider's jsii assembly is large),
so every directory is loaded once, in parallel, by a module-level fixture.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from stackcheck.loaders.programs import cdktf
from stackcheck.model.resource import Stack
from stackcheck.model.values import ARN, Unknown

if importlib.util.find_spec("cdktf") is None or importlib.util.find_spec("cdktf_cdktf_provider_aws") is None:
    pytest.skip("cdktf is not installed", allow_module_level=True)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.normpath(os.path.join(ROOT, "..", "shared", "seed-cases"))
CASES = {
    "039": "039-cdktf-import-nonexistent-class",
    "040": "040-cdktf-replication-group-description-argument",
    "041": "041-cdktf-boolean-for-string-typed-attributes",
    "042": "042-cdktf-integer-for-string-typed-deregistration-delay",
    "043": "043-cdktf-route-table-inline-routes-as-dicts",
    "044": "044-cdktf-api-deployment-without-integration-dependency",
    "046": "046-cdktf-missing-stack-outputs",
}


def _listing(path: str) -> list[tuple[str, int, int]]:
    out = []
    for root, dirs, files in os.walk(path):
        for name in sorted(dirs) + sorted(files):
            full = os.path.join(root, name)
            st = os.lstat(full)
            out.append((os.path.relpath(full, path), st.st_size, st.st_mtime_ns))
    return sorted(out)


def _expected(case: str) -> dict[str, Any]:
    with open(os.path.join(SEEDS, CASES[case], "expected.json"), encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def synthesized() -> dict[str, Any]:
    """{"039/broken": (stacks, errors), ...} plus the listings of the case directories before and after."""
    if not os.path.isdir(SEEDS) or not all(os.path.isdir(os.path.join(SEEDS, c)) for c in CASES.values()):
        pytest.skip("seed cases not found")
    if shutil.which("node") is None:
        pytest.skip("node is not on PATH")
    dirs = {f"{case}/{variant}": os.path.join(SEEDS, name, variant)
            for case, name in CASES.items() for variant in ("broken", "fixed")}
    before = {case: _listing(os.path.join(SEEDS, name)) for case, name in CASES.items()}
    workers = min(4, max(2, os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as pool:
        results = dict(zip(dirs, pool.map(lambda d: cdktf.load(d, timeout=600), dirs.values()), strict=True))
    after = {case: _listing(os.path.join(SEEDS, name)) for case, name in CASES.items()}
    return {"results": results, "dirs": dirs, "before": before, "after": after}


def _stacks(synthesized: dict[str, Any], key: str) -> list[Stack]:
    stacks, errors = synthesized["results"][key]
    assert errors == []
    assert stacks, key
    return stacks


def _failures(synthesized: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [f for s in _stacks(synthesized, key) for f in s.settings["synth_failures"]]


def _main(synthesized: dict[str, Any], key: str) -> str:
    return os.path.join(synthesized["dirs"][key], "main.py")


# -- seed cases: broken -----------------------------------------------------------------------------


def test_039_import_of_undefined_class(synthesized: dict[str, Any]) -> None:
    (f,) = _failures(synthesized, "039/broken")
    assert f["kind"] == "import" and f["exception"] == "ImportError"
    assert f["name"] == "EcsTaskDefinitionContainerDefinitions"
    assert f["resource"] == _expected("039")["findings"][0]["resource"] == "transcoder_task"
    assert f["resource_type"] == "aws_ecs_task_definition"
    assert "EcsTaskDefinition" in f["candidates"] and f["name"] not in f["candidates"]
    assert f["file"] == _main(synthesized, "039/broken") and f["line"] == 7
    assert "cannot import name 'EcsTaskDefinitionContainerDefinitions'" in f["message"]
    (stack,) = _stacks(synthesized, "039/broken")
    assert stack.resources == [] and stack.framework == "terraform"
    assert stack.path == synthesized["dirs"]["039/broken"]
    assert stack.files[0] == _main(synthesized, "039/broken")
    program = stack.settings["program"]
    assert program["kind"] == "cdktf" and program["entry"] == "main.py" and program["seconds"] > 0


def test_040_unexpected_keyword(synthesized: dict[str, Any]) -> None:
    (f,) = _failures(synthesized, "040/broken")
    assert f["kind"] == "keyword" and f["exception"] == "TypeError"
    assert f["name"] == "replication_group_description"
    assert f["class_name"] == "ElasticacheReplicationGroup"
    assert f["resource"] == _expected("040")["findings"][0]["resource"] == "redis_cluster"
    assert f["resource_type"] == "aws_elasticache_replication_group"
    assert "description" in f["candidates"] and "replication_group_description" not in f["candidates"]
    assert f["file"] == _main(synthesized, "040/broken")


def test_041_boolean_for_string(synthesized: dict[str, Any]) -> None:
    failures = _failures(synthesized, "041/broken")
    assert {f["kind"] for f in failures} == {"type"}
    expected = _expected("041")["findings"]
    assert [f["name"] for f in failures] == [e["attribute"] for e in expected]
    for f in failures:
        assert f["resource"] == "redis_cluster" and f["resource_type"] == "aws_elasticache_replication_group"
        assert f["expected"] == "str" and f["got"] == "bool"
    assert failures[0]["message"] == expected[0]["error"].removeprefix("TypeError: ")


def test_042_integer_for_string(synthesized: dict[str, Any]) -> None:
    (f,) = _failures(synthesized, "042/broken")
    assert f["kind"] == "type" and f["name"] == "deregistration_delay"
    assert f["resource"] == _expected("042")["findings"][0]["resource"] == "api_target_group"
    assert f["resource_type"] == "aws_lb_target_group"
    assert (f["expected"], f["got"]) == ("str", "int")


def test_043_route_dicts_synthesize_null_blocks(synthesized: dict[str, Any]) -> None:
    (f,) = _failures(synthesized, "043/broken")
    assert f["kind"] == "null_block" and f["name"] == "route"
    assert f["resource"] == _expected("043")["findings"][0]["resource"] == "public_route_table"
    assert f["resource_type"] == "aws_route_table"
    (stack,) = _stacks(synthesized, "043/broken")
    table = stack.by_address["aws_route_table.public_route_table"]
    assert table.label == "public_route_table"
    assert table.attrs["route"] and all(v is None for v in table.attrs["route"][0].values())
    assert f["line"] == table.line_of("route") and f["file"] == table.file


def test_044_deployment_depends_on_method_only(synthesized: dict[str, Any]) -> None:
    (stack,) = _stacks(synthesized, "044/broken")
    assert stack.settings["synth_failures"] == []
    deployment = next(r for r in stack.resources if r.label == _expected("044")["findings"][0]["resource"])
    assert deployment.type == "aws_api_gateway_deployment"
    assert deployment.depends_on == ["aws_api_gateway_method.content_method"]
    assert not stack.depends_transitively(deployment, "aws_api_gateway_integration.content_integration")
    # references survive as the Terraform loader makes them
    rest_api = deployment.attrs["rest_api_id"]
    assert isinstance(rest_api, Unknown) and rest_api.target == "aws_api_gateway_rest_api.streaming_api"
    assert "aws_api_gateway_rest_api.streaming_api" in deployment.references


def test_044_fixed_depends_on_integration(synthesized: dict[str, Any]) -> None:
    (stack,) = _stacks(synthesized, "044/fixed")
    deployment = next(r for r in stack.resources if r.label == "api_deployment")
    assert deployment.depends_on and all(d.startswith("aws_api_gateway_integration.") for d in deployment.depends_on)


def test_046_outputs(synthesized: dict[str, Any]) -> None:
    (broken,) = _stacks(synthesized, "046/broken")
    (fixed,) = _stacks(synthesized, "046/fixed")
    assert broken.outputs == [] and broken.settings["synth_failures"] == []
    labels = {r.label for r in broken.resources}
    assert {f["resource"] for f in _expected("046")["findings"]} <= labels
    # "${aws_kms_key.data_key.arn}" is the reference itself, with its target and kind
    key = broken.by_address["aws_kinesis_stream.viewer_events_stream"].attrs["kms_key_id"]
    assert isinstance(key, Unknown) and key.target == "aws_kms_key.data_key" and key.kind == ARN
    assert broken.resolve(key) is broken.by_address["aws_kms_key.data_key"]
    assert {o.name for o in fixed.outputs} >= {"kinesis_stream_arn", "alb_dns_name"}
    main = _main(synthesized, "046/fixed")
    with open(main, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for out in fixed.outputs:
        assert out.file == main and f'"{out.name}"' in lines[out.line - 1]


# -- seed cases: fixed twins synthesize, resources carry construct ids and program lines --------


@pytest.mark.parametrize("case", sorted(CASES))
def test_fixed_synthesizes_with_construct_ids(synthesized: dict[str, Any], case: str) -> None:
    key = f"{case}/fixed"
    stacks = _stacks(synthesized, key)
    assert [f for s in stacks for f in s.settings["synth_failures"]] == []
    main = _main(synthesized, key)
    with open(main, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    resources = [r for s in stacks for r in s.resources]
    assert resources
    for stack in stacks:
        assert stack.path == synthesized["dirs"][key] and stack.files[0] == main
        assert stack.settings["program"]["kind"] == "cdktf"
    for res in resources:
        assert res.label and res.file == main and res.framework == "terraform"
        assert res.address == f"{res.type}.{res.name}"
        assert "//" not in res.attrs
        # the call's line, or the line of its id argument just below it
        call = "\n".join(lines[res.line - 1:res.line + 2])
        assert f'"{res.label}"' in call or "f\"" in call, (res.address, res.line)
        for path, meta in res.meta.items():
            assert res.line <= meta.line <= res.end_line, (res.address, path)


def test_fixed_labels_are_construct_ids(synthesized: dict[str, Any]) -> None:
    (stack,) = _stacks(synthesized, "040/fixed")
    redis = stack.by_address["aws_elasticache_replication_group.redis_cluster"]
    assert redis.label == "redis_cluster"
    with open(redis.file, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    assert lines[redis.line_of("description") - 1].strip().startswith("description=")


def test_nothing_written_into_the_seed_cases(synthesized: dict[str, Any]) -> None:
    assert synthesized["before"] == synthesized["after"]


# -- fast tests: no cdktf needed ----------------------------------------------------------------


def _project(tmp_path: Any, main: str, app: str = "python main.py", language: str = "python") -> str:
    (tmp_path / "cdktf.json").write_text(json.dumps({"language": language, "app": app}))
    (tmp_path / "main.py").write_text(main)
    return str(tmp_path)


def test_app_argv() -> None:
    assert cdktf.app_argv("python main.py") == ["main.py"]
    assert cdktf.app_argv("pipenv run python main.py --x 1") == ["main.py", "--x", "1"]
    assert cdktf.app_argv("python3 -u app/main.py") == ["-u", "app/main.py"]
    assert cdktf.app_argv("poetry run python3.11 main.py") == ["main.py"]
    assert cdktf.app_argv("npx ts-node main.ts") is None


def test_resource_type_of() -> None:
    assert cdktf.resource_type_of("cdktf_cdktf_provider_aws.ecs_task_definition") == "aws_ecs_task_definition"
    assert cdktf.resource_type_of("cdktf_cdktf_provider_aws.data_aws_vpc") == "aws_vpc"
    assert cdktf.resource_type_of("cdktf_cdktf_provider_aws.provider") is None
    assert cdktf.resource_type_of("cdktf") is None


def test_parse_traceback_takes_the_last_one() -> None:
    stderr = ("noise\nTraceback (most recent call last):\n  File \"/a.py\", line 1, in <module>\n    x\n"
              "KeyError: 'a'\n\nDuring handling of the above exception, another exception occurred:\n\n"
              "Traceback (most recent call last):\n  File \"/b.py\", line 3, in f\n    y(\n    ^^\n"
              "jsii.errors.JSIIError: boom\nmore text\n")
    tb = cdktf.parse_traceback(stderr)
    assert tb is not None and tb.frames == [("/b.py", 3, "f")]
    assert (tb.exception, tb.message) == ("jsii.errors.JSIIError", "boom")


def test_null_paths() -> None:
    assert list(cdktf._null_paths([{"a": None, "b": None}], "route")) == ["route"]
    assert list(cdktf._null_paths([{"a": "x", "b": None}], "route")) == []
    assert list(cdktf._null_paths([{"a": 1, "f": {"p": None}}], "rule")) == ["rule.f"]
    assert list(cdktf._null_paths([], "x")) == []


def test_other_failure_maps_the_frame_to_the_user(tmp_path: Any) -> None:
    project = _project(tmp_path, "def f():\n    raise ValueError('bad config')\n\nf()\n")
    stacks, errors = cdktf.load(project, timeout=60)
    assert errors == []
    (stack,) = stacks
    (f,) = stack.settings["synth_failures"]
    assert f["kind"] == "other" and f["exception"] == "ValueError" and f["message"] == "bad config"
    assert f["file"] == os.path.join(project, "main.py") and f["line"] == 2
    assert sorted(os.listdir(project)) == ["cdktf.json", "main.py"]


def test_timeout_is_a_failure_not_a_crash(tmp_path: Any) -> None:
    project = _project(tmp_path, "import time\ntime.sleep(30)\n")
    (stack,) = cdktf.load(project, timeout=1)[0]
    (f,) = stack.settings["synth_failures"]
    assert f["kind"] == "other" and "1 seconds" in f["message"]


def test_no_synth_call(tmp_path: Any) -> None:
    project = _project(tmp_path, "print('hello')\n")
    (stack,) = cdktf.load(project, timeout=60)[0]
    (f,) = stack.settings["synth_failures"]
    assert f["kind"] == "other" and "no stack" in f["message"]


def test_non_python_app_is_an_input_error(tmp_path: Any) -> None:
    project = _project(tmp_path, "", app="npx ts-node main.ts", language="typescript")
    stacks, errors = cdktf.load(project)
    assert stacks == [] and len(errors) == 1 and "typescript" in errors[0].message
