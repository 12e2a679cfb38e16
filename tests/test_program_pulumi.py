"""Pulumi (Python) programs: run under mocks in the sandbox, loaded as Terraform resources."""

from __future__ import annotations

import glob
import os
from functools import cache

import pytest

pytest.importorskip("pulumi")
pytest.importorskip("pulumi_aws")

from stackcheck.loaders.programs import pulumi as loader
from stackcheck.model.values import Unknown

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.normpath(os.path.join(ROOT, "..", "shared", "seed-cases"))


def case_dir(prefix: str, variant: str) -> str:
    found = glob.glob(os.path.join(SEEDS, f"{prefix}-*", variant))
    if not found:
        pytest.skip(f"seed case {prefix} not available")
    return found[0]


def snapshot(path: str) -> dict[str, tuple[int, float]]:
    out = {}
    for root, _dirs, files in os.walk(path):
        for f in files:
            p = os.path.join(root, f)
            st = os.stat(p)
            out[p] = (st.st_size, st.st_mtime)
    return out


@cache
def load(prefix: str, variant: str):
    directory = case_dir(prefix, variant)
    before = snapshot(os.path.dirname(directory))
    stacks, errors = loader.load(directory)
    assert snapshot(os.path.dirname(directory)) == before, "the loader wrote into the seed case"
    assert errors == []
    assert len(stacks) == 1
    return stacks[0]


def by_label(stack, label):
    found = [r for r in stack.resources if r.label == label]
    assert found, f"no resource {label!r} in {[r.label for r in stack.resources]}"
    return found[0]


def test_token_mapping():
    assert loader.tf_type_of("aws:rds/cluster:Cluster") == "aws_rds_cluster"
    assert loader.tf_type_of("aws:kms/key:Key") == "aws_kms_key"
    assert loader.tf_type_of("aws:efs/fileSystem:FileSystem") == "aws_efs_file_system"
    assert loader.tf_type_of("aws:lb/loadBalancer:LoadBalancer") == "aws_lb"
    assert loader.tf_type_of("aws:apigateway/vpcLink:VpcLink") == "aws_api_gateway_vpc_link"
    assert loader.tf_type_of("aws:apigatewayv2/vpcLink:VpcLink") == "aws_apigatewayv2_vpc_link"
    assert loader.tf_type_of("aws:ec2/securityGroup:SecurityGroup") == "aws_security_group"
    assert loader.tf_type_of("aws:rds/subnetGroup:SubnetGroup") == "aws_db_subnet_group"
    assert loader.tf_type_of("aws:s3/bucketV2:BucketV2") == "aws_s3_bucket"
    assert loader.tf_type_of("pulumi:providers:aws") is None


def test_argument_names():
    schema = loader.tf_resource_schema("aws_lb_listener")
    assert loader.tf_name("default_actions", schema) == ("default_action", False)
    schema = loader.tf_resource_schema("aws_api_gateway_vpc_link")
    assert loader.tf_name("target_arn", schema) == ("target_arns", True)
    schema = loader.tf_resource_schema("aws_api_gateway_resource")
    assert loader.tf_name("rest_api", schema) == ("rest_api_id", False)


def test_not_python_runtime(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text("name: x\nruntime: nodejs\n")
    stacks, errors = loader.load(str(tmp_path))
    assert stacks == [] and len(errors) == 1


def test_runtime_mapping_and_main(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text("name: x\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n"
                                          "main: app/\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config:\n  x:bucketName: from-config\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__main__.py").write_text(
        "import pulumi\nimport pulumi_aws as aws\n"
        "b = aws.s3.Bucket(\n    'my bucket',\n    bucket=pulumi.Config().require('bucketName'),\n)\n"
        "pulumi.export('bucket', b.arn)\n")
    stack = loader.load(str(tmp_path))[0][0]
    assert stack.settings["synth_failures"] == []
    (res,) = stack.resources
    assert res.address == "aws_s3_bucket.my_bucket" and res.label == "my bucket"
    assert res.attrs["bucket"] == "from-config"
    assert res.line == 3 and res.meta["bucket"].line == 5
    (out,) = stack.outputs
    assert isinstance(out.value, Unknown) and out.value.target == res.address


def test_other_exception(tmp_path):
    (tmp_path / "Pulumi.yaml").write_text("name: x\nruntime: python\n")
    (tmp_path / "__main__.py").write_text("import pulumi\n\nraise ValueError('boom')\n")
    stack = loader.load(str(tmp_path))[0][0]
    (failure,) = stack.settings["synth_failures"]
    assert failure["kind"] == "other" and failure["exception"] == "ValueError"
    assert failure["line"] == 3 and failure["file"] == str(tmp_path / "__main__.py")
    assert stack.resources == []


@pytest.mark.parametrize(("prefix", "resource", "keyword", "right", "resource_type"), [
    ("047", "student-vpc-link", "target_arns", "target_arn", "aws_api_gateway_vpc_link"),
    ("048", "student-api-deployment", "stage_name", None, "aws_api_gateway_deployment"),
])
def test_keyword_failures(prefix, resource, keyword, right, resource_type):
    stack = load(prefix, "broken")
    (failure,) = stack.settings["synth_failures"]
    assert failure["kind"] == "keyword"
    assert failure["exception"] == "TypeError"
    assert failure["resource"] == resource
    assert failure["resource_type"] == resource_type
    assert failure["name"] == keyword
    assert failure["file"].startswith(case_dir(prefix, "broken"))
    assert failure["line"] > 1
    if right:
        assert right in failure["candidates"]
    else:  # pulumi-aws v7 removed Deployment.stage_name
        assert keyword not in failure["candidates"] and "rest_api" in failure["candidates"]
    assert stack.settings["program"]["kind"] == "pulumi"


@pytest.mark.parametrize("prefix", ["047", "048"])
def test_fixed_twins_load(prefix):
    stack = load(prefix, "fixed")
    assert stack.settings["synth_failures"] == []
    assert stack.framework == "terraform"
    types = {r.type for r in stack.resources}
    assert {"aws_api_gateway_rest_api", "aws_api_gateway_deployment", "aws_api_gateway_stage"} <= types
    deployment = by_label(stack, "student-api-deployment")
    integration = by_label(stack, "get-students-integration")
    assert integration.address in deployment.depends_on
    for res in stack.resources:
        assert res.file.startswith(case_dir(prefix, "fixed")) and res.line > 1


@pytest.mark.parametrize(("variant", "kind"), [("broken", "kms-key-id"), ("fixed", "arn")])
def test_kms_key_reference_kinds(variant, kind):
    stack = load("002", variant)
    assert stack.settings["synth_failures"] == []
    key = by_label(stack, "data-key")
    assert key.type == "aws_kms_key"
    for label, rtype in (("aurora-cluster", "aws_rds_cluster"), ("shared-fs", "aws_efs_file_system")):
        res = by_label(stack, label)
        assert res.type == rtype
        value = res.attrs["kms_key_id"]
        assert isinstance(value, Unknown)
        assert value.kind == kind
        assert value.target == key.address and value.target_type == "aws_kms_key"
        assert key.address in res.references
        assert res.meta["kms_key_id"].line > res.line
        assert res.line_of("kms_key_id") == res.meta["kms_key_id"].line


def test_rest_vpc_link_to_alb():
    stack = load("049", "broken")
    assert stack.settings["synth_failures"] == []
    link = by_label(stack, "student-vpc-link")
    assert link.type == "aws_api_gateway_vpc_link"
    (target,) = link.attrs["target_arns"]
    assert isinstance(target, Unknown) and target.kind == "arn"
    alb = stack.resolve(target)
    assert alb is not None and alb.type == "aws_lb"
    assert alb.attrs["load_balancer_type"] == "application"
    listener = by_label(stack, "student-alb-listener")
    (action,) = listener.attrs["default_action"]
    assert action["type"] == "forward" and isinstance(action["target_group_arn"], Unknown)
    integration = by_label(stack, "get-students-integration")
    assert isinstance(integration.attrs["uri"], Unknown) and integration.attrs["uri"].parts


def test_rest_vpc_link_v2_fixed():
    stack = load("049", "fixed")
    assert stack.settings["synth_failures"] == []
    assert by_label(stack, "student-vpc-link").type == "aws_apigatewayv2_vpc_link"
    assert not stack.of_type("aws_api_gateway_vpc_link")
