"""AWS CDK (Python) apps: synthesized in the sandbox with the CLI's context, reported at the program's lines.

One real app (VPC, Aurora, a Lambda function from a local asset with log retention, an S3 bucket) is
synthesized once per module (a few seconds): its findings must point at app.py and the construct path,
carry none of the CDK's own scaffolding (CDKMetadata, BootstrapVersion, CheckBootstrapVersion, the log
retention and bucket-policy helpers), and see the context written in cdk.json.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from stackcheck.scan import ProgramOptions, scan

if importlib.util.find_spec("aws_cdk") is None:
    pytest.skip("aws-cdk-lib is not installed", allow_module_level=True)

APP = '''import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2, aws_lambda as lambda_, aws_logs as logs, aws_rds as rds, aws_s3 as s3
from constructs import Construct


class DataStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, **kw) -> None:
        super().__init__(scope, id, **kw)
        suffix = self.node.try_get_context("environmentSuffix") or "missing"
        vpc = ec2.Vpc(self, "Vpc", max_azs=2, nat_gateways=1)
        bucket = s3.Bucket(self, "Raw", bucket_name=f"raw-data-{suffix}", enforce_ssl=True,
                           block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
                           auto_delete_objects=True, removal_policy=cdk.RemovalPolicy.DESTROY)
        fn = lambda_.Function(self, "Ingest", runtime=lambda_.Runtime.PYTHON_3_12, handler="index.handler",
                              code=lambda_.Code.from_asset("lambda"), vpc=vpc,
                              log_retention=logs.RetentionDays.ONE_MONTH)
        bucket.grant_read(fn)
        db = rds.DatabaseCluster(
            self, "Db",
            engine=rds.DatabaseClusterEngine.aurora_postgres(version=rds.AuroraPostgresEngineVersion.VER_15_4),
            writer=rds.ClusterInstance.provisioned("writer"), vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS))
        db.connections.allow_default_port_from(fn)
        cdk.CfnOutput(self, "DbEndpoint", value=db.cluster_endpoint.hostname)


app = cdk.App()
DataStack(app, "DataStack", env=cdk.Environment(account="123456789012", region="us-east-1"))
app.synth()
'''

CDK_JSON = {"app": "python3 app.py", "context": {"environmentSuffix": "pr42"}}


def _listing(root: Path) -> list[tuple[str, bytes]]:
    return sorted((str(p.relative_to(root)), p.read_bytes()) for p in root.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory):
    if shutil.which("node") is None:
        pytest.skip("node is not on PATH")
    root = tmp_path_factory.mktemp("cdk-app")
    (root / "app.py").write_text(APP)
    (root / "cdk.json").write_text(json.dumps(CDK_JSON))
    (root / "lambda").mkdir()
    (root / "lambda" / "index.py").write_text("def handler(event, context):\n    return {}\n")
    before = _listing(root)
    result = scan([str(root)], programs=ProgramOptions(timeout=300))
    return root, result, before, _listing(root)


def test_the_app_synthesizes_into_one_stack(synthesized):
    _, result, _, _ = synthesized
    assert not result.errors and not result.internal_errors
    assert len(result.stacks) == 1
    assert result.stacks[0].settings["program"]["kind"] == "cdk"


def test_findings_point_at_the_program_and_the_construct(synthesized):
    root, result, _, _ = synthesized
    app_lines = APP.splitlines()
    assert result.findings
    for f in result.findings:
        assert f.file == str(root / "app.py"), f
        assert f.construct_path.startswith("DataStack/"), f
        # the line starts the constructor call of the construct the path names
        construct_id = f.construct_path.split("/")[1]
        call = " ".join(app_lines[f.line - 1:f.line + 2])
        assert f'"{construct_id}"' in call and "(" in app_lines[f.line - 1], (f, call)


def test_no_finding_on_the_cdk_scaffolding(synthesized):
    _, result, _, _ = synthesized
    stack = result.stacks[0]
    scaffolding = {r.address for r in stack.resources
                   if r.type in ("AWS::CDK::Metadata", "Custom::LogRetention", "Custom::S3AutoDeleteObjects")
                   or r.construct_path.split("/")[1:2] in (["LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a"],
                                                          ["Custom::S3AutoDeleteObjectsCustomResourceProvider"])}
    assert not [f for f in result.findings if f.resource in scaffolding
                or f.resource in ("BootstrapVersion", "CheckBootstrapVersion")]
    assert not any(r.type == "AWS::CDK::Metadata" for r in stack.resources)


def test_cdk_json_context_reaches_the_app(synthesized):
    _, result, _, _ = synthesized
    buckets = result.stacks[0].of_type("AWS::S3::Bucket")
    assert [b.attrs.get("BucketName") for b in buckets] == ["raw-data-pr42"]


def test_construct_paths_come_from_the_path_metadata(synthesized):
    _, result, _, _ = synthesized
    db = result.stacks[0].of_type("AWS::RDS::DBCluster")[0]
    assert db.construct_path == "DataStack/Db/Resource"
    assert APP.splitlines()[db.line - 1].strip() == "db = rds.DatabaseCluster("


def test_the_project_tree_is_untouched(synthesized):
    _, _, before, after = synthesized
    assert before == after
    assert not any(name.startswith("cdk.out") for name, _ in after)


def test_a_large_context_goes_through_the_overflow_file(tmp_path):
    """A context too big for one environment variable (a large cdk.context.json of lookups) still arrives."""
    if shutil.which("node") is None:
        pytest.skip("node is not on PATH")
    app = ('import aws_cdk as cdk\nfrom aws_cdk import aws_sqs as sqs\n\n'
           'app = cdk.App()\nstack = cdk.Stack(app, "Big")\n'
           'sqs.Queue(stack, "Q", queue_name="q-" + str(len(app.node.try_get_context("filler") or "")))\n'
           'app.synth()\n')
    (tmp_path / "app.py").write_text(app)
    (tmp_path / "cdk.json").write_text(json.dumps({"app": "python3 app.py"}))
    (tmp_path / "cdk.context.json").write_text(json.dumps({"filler": "x" * 200_000}))
    result = scan([str(tmp_path)], programs=ProgramOptions(timeout=300))
    assert not result.errors
    queues = result.stacks[0].of_type("AWS::SQS::Queue")
    assert [q.attrs.get("QueueName") for q in queues] == ["q-200000"]


def test_nested_stacks_are_scanned(tmp_path):
    """cdk.NestedStack templates are assets of their parent, not manifest artifacts: they are read too."""
    if shutil.which("node") is None:
        pytest.skip("node is not on PATH")
    app = ('import aws_cdk as cdk\nfrom aws_cdk import aws_ecr as ecr\n\n\n'
           'class Inner(cdk.NestedStack):\n    def __init__(self, scope, id):\n        super().__init__(scope, id)\n'
           '        ecr.CfnRepository(self, "Repo", repository_name="TapStack-Processor")\n\n\n'
           'app = cdk.App()\nouter = cdk.Stack(app, "Outer")\nInner(outer, "Inner")\napp.synth()\n')
    (tmp_path / "app.py").write_text(app)
    (tmp_path / "cdk.json").write_text(json.dumps({"app": "python3 app.py"}))
    result = scan([str(tmp_path)], programs=ProgramOptions(timeout=300))
    hits = [f for f in result.findings if f.rule_id == "SC003"]
    assert [(f.resource, f.construct_path, f.line) for f in hits] == [("Repo", "Outer/Inner/Repo", 8)]


def test_unknown_keyword_names_the_real_argument(tmp_path):
    """A construct used as `s3.Bucket` (module alias) still gets its real argument names suggested."""
    if shutil.which("node") is None:
        pytest.skip("node is not on PATH")
    app = ('import aws_cdk as cdk\nfrom aws_cdk import aws_s3 as s3\n\napp = cdk.App()\n'
           'stack = cdk.Stack(app, "S")\ns3.Bucket(stack, "Raw", versioning=True)\napp.synth()\n')
    (tmp_path / "app.py").write_text(app)
    (tmp_path / "cdk.json").write_text(json.dumps({"app": "python3 app.py"}))
    result = scan([str(tmp_path)], programs=ProgramOptions(timeout=300))
    [f] = [f for f in result.findings if f.blocker]
    assert (f.rule_id, f.resource, f.attribute, f.line) == ("SC702", "Raw", "versioning", 6)
    assert "versioned" in f.fix
