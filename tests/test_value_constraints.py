"""SC003's generated value constraints: firing on types the seeds never use (both frameworks, nested values
included), staying silent on unknowns and guarded cases, and the guards against bad generated data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackcheck.data import DATA
from stackcheck.data import constraints as c
from stackcheck.scan import scan


def _sc003(directory: Path) -> list:
    result = scan([str(directory)])
    assert not result.errors and result.stacks
    return [f for f in result.findings if f.rule_id == "SC003"]


TF_HEAD = 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 5.0" }\n  }\n}\n'
CFN_HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\n'

# (name, framework, broken stack, fixed stack, attribute reported, words the message must hold)
CASES = [
    ("sqs-retention-above-maximum", "cloudformation",
     CFN_HEAD + "Resources:\n  Dlq:\n    Type: AWS::SQS::Queue\n    Properties:\n      MessageRetentionPeriod: 1209601\n"
     "  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      RedrivePolicy:\n        deadLetterTargetArn: "
     "!GetAtt Dlq.Arn\n        maxReceiveCount: 5\n",
     None, "MessageRetentionPeriod",
     ["maximum 1209600", "/properties/MessageRetentionPeriod", "at deploy"]),
    ("nested-enum-in-object", "cloudformation",
     CFN_HEAD + "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n"
     "        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: {Service: "
     "lambda.amazonaws.com}\n            Action: sts:AssumeRole\n  Fn:\n    Type: AWS::Lambda::Function\n"
     "    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      Role: !GetAtt Role.Arn\n"
     "      Code: {ZipFile: 'def handler(e, c): return 1'}\n      TracingConfig:\n        Mode: Enabled\n",
     None, "TracingConfig.Mode", ["enum", "Active", "PassThrough"]),
    ("nested-pattern-in-list-from-parameter", "cloudformation",
     CFN_HEAD + "Parameters:\n  MountPath:\n    Type: String\n    Default: /efs/models\nResources:\n  Fn:\n"
     "    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n"
     "      Role: arn:aws:iam::123456789012:role/fn\n      Code: {ZipFile: 'x'}\n      VpcConfig:\n"
     "        SubnetIds: [subnet-0a1b2c3d4e5f60718]\n        SecurityGroupIds: [sg-0a1b2c3d4e5f60718]\n"
     "      FileSystemConfigs:\n        - Arn: arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/"
     "fsap-0123456789abcdef0\n          LocalMountPath: !Ref MountPath\n",
     None, "FileSystemConfigs.0.LocalMountPath", ["pattern ^/mnt/", "parameter MountPath",
                                                  "/definitions/FileSystemConfig/properties/LocalMountPath"]),
    ("list-longer-than-max-items", "cloudformation",
     CFN_HEAD + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n"
     "      Handler: app.handler\n      Role: arn:aws:iam::123456789012:role/fn\n      Code: {ZipFile: 'x'}\n"
     "      Layers:\n" + "".join(f"        - arn:aws:lambda:eu-west-1:123456789012:layer:l{i}:1\n" for i in range(6)),
     None, "Layers", ["maxItems 5"]),
    ("lambda-memory-below-minimum", "terraform",
     TF_HEAD + 'variable "memory" {\n  default = 64\n}\nresource "aws_iam_role" "fn" {\n  name = "fn"\n'
     '  assume_role_policy = "{}"\n}\nresource "aws_lambda_function" "fn" {\n  function_name = "ingest"\n'
     '  role = aws_iam_role.fn.arn\n  runtime = "python3.12"\n  handler = "app.handler"\n  filename = "fn.zip"\n'
     '  memory_size = var.memory\n}\n',
     None, "memory_size", ["CreateFunction: MemorySize has minimum 128", "botocore lambda", "var.memory"]),
    ("nested-block-number-out-of-range", "terraform",
     TF_HEAD + 'resource "aws_kms_key" "sfn" {}\nresource "aws_sfn_state_machine" "etl" {\n  name = "etl"\n'
     '  role_arn = "arn:aws:iam::123456789012:role/sfn"\n  definition = "{}"\n  encryption_configuration {\n'
     '    type = "CUSTOMER_MANAGED_KMS_KEY"\n    kms_key_id = aws_kms_key.sfn.arn\n'
     '    kms_data_key_reuse_period_seconds = 30\n  }\n}\n',
     None, "encryption_configuration.0.kms_data_key_reuse_period_seconds",
     ["encryptionConfiguration.kmsDataKeyReusePeriodSeconds has minimum 60"]),
    ("nested-block-enum", "terraform",
     TF_HEAD + 'resource "aws_lambda_function" "fn" {\n  function_name = "ingest"\n'
     '  role = "arn:aws:iam::123456789012:role/fn"\n  runtime = "python3.12"\n  handler = "app.handler"\n'
     '  filename = "fn.zip"\n  tracing_config {\n    mode = "Enabled"\n  }\n}\n',
     None, "tracing_config.0.mode", ["TracingConfig.Mode has enum [Active, PassThrough]"]),
    # terraform validate (provider 5.100.0) passes this one: the API refuses it at apply.
    ("batching-window-above-maximum", "terraform",
     TF_HEAD + 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n  visibility_timeout_seconds = 900\n}\n'
     'resource "aws_lambda_event_source_mapping" "jobs" {\n  event_source_arn = aws_sqs_queue.jobs.arn\n'
     '  function_name = "arn:aws:lambda:eu-west-1:123456789012:function:worker"\n  batch_size = 100\n'
     '  maximum_batching_window_in_seconds = 400\n}\n',
     None, "maximum_batching_window_in_seconds",
     ["CreateEventSourceMapping: MaximumBatchingWindowInSeconds has maximum 300", "botocore lambda 2015-03-31"]),
    ("iam-session-duration-above-maximum", "terraform",
     TF_HEAD + 'resource "aws_iam_role" "analyst" {\n  name = "analyst"\n  assume_role_policy = "{}"\n'
     '  max_session_duration = 86400\n}\n',
     None, "max_session_duration", ["CreateRole: MaxSessionDuration has maximum 43200"]),
]
FIXES = {
    "sqs-retention-above-maximum": ("1209601", "1209600"),
    "nested-enum-in-object": ("Mode: Enabled", "Mode: Active"),
    "nested-pattern-in-list-from-parameter": ("/efs/models", "/mnt/models"),
    "list-longer-than-max-items": ("        - arn:aws:lambda:eu-west-1:123456789012:layer:l5:1\n", ""),
    "lambda-memory-below-minimum": ("default = 64", "default = 256"),
    "nested-block-number-out-of-range": ("= 30", "= 300"),
    "nested-block-enum": ('"Enabled"', '"Active"'),
    "iam-session-duration-above-maximum": ("86400", "43200"),
    "batching-window-above-maximum": ("= 400", "= 60"),
}


def _file(framework: str) -> str:
    return "main.tf" if framework == "terraform" else "template.yaml"


@pytest.mark.parametrize(("name", "framework", "broken", "_", "attribute", "words"), CASES, ids=[c[0] for c in CASES])
def test_broken_and_fixed(write, tmp_path: Path, name: str, framework: str, broken: str, _: None,
                          attribute: str, words: list[str]) -> None:
    found = _sc003(write({f"broken/{_file(framework)}": broken}) / "broken")
    assert [f.attribute for f in found] == [attribute], [f.message for f in found]
    for word in words:
        assert word in found[0].message, found[0].message
    # Enums lag behind the services and the provider adds its own values: reported, not blocking.
    assert found[0].blocker is ("enum" not in " ".join(words))
    old, new = FIXES[name]
    assert old in broken
    assert _sc003(write({f"fixed/{_file(framework)}": broken.replace(old, new)}) / "fixed") == []


def test_unknown_values_and_provider_sentinels_are_silent(write) -> None:
    stack = write({"main.tf": TF_HEAD + (
        'variable "memory" {\n  type = number\n}\nresource "aws_lambda_function" "fn" {\n'
        '  function_name = "ingest"\n  role = "arn:aws:iam::123456789012:role/fn"\n  runtime = "python3.12"\n'
        '  handler = "app.handler"\n  filename = "fn.zip"\n  memory_size = var.memory\n  timeout = 0\n'
        '  description = ""\n  tracing_config {\n    mode = "active"\n  }\n}\n')})
    assert _sc003(stack) == []


def test_cloudformation_ssm_parameter_default_is_a_name_not_the_value(write) -> None:
    # The default of an SSM-typed parameter is the parameter's path; the stack receives its value.
    stack = write({"template.yaml": CFN_HEAD + (
        "Parameters:\n  Retention:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: /queues/retention\n"
        "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      MessageRetentionPeriod: !Ref Retention\n"
        "  Errors:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n      LogGroupName: /x\n      FilterPattern: E\n"
        "      MetricTransformations:\n        - MetricName: Errors\n          MetricNamespace: !Ref Retention\n"
        "          MetricValue: '1'\n")})
    assert _sc003(stack) == []


def test_cloudformation_top_level_enum_is_left_to_sc006(write) -> None:
    stack = write({"template.yaml": CFN_HEAD + (
        "Resources:\n  Ca:\n    Type: AWS::ACMPCA::CertificateAuthority\n    Properties:\n      KeyAlgorithm: RSA_2048\n"
        "      SigningAlgorithm: SHA256WITHRSA\n      Type: ROOT\n      UsageMode: LONG_LIVED\n"
        "      Subject: {CommonName: example.com}\n")})
    result = scan([str(stack)])
    ids = [f.rule_id for f in result.findings if f.attribute == "UsageMode"]
    assert ids == ["SC006"]


def test_override_switches_a_constraint_off(write, monkeypatch) -> None:
    stack = write({"main.tf": TF_HEAD + 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = "{}"\n'
                                        '  max_session_duration = 86400\n}\n'})
    assert len(_sc003(stack)) == 1
    monkeypatch.setattr(c, "_overrides", lambda: {"aws_iam_role max_session_duration": {"max": None}})
    c.tf_constraints.cache_clear()
    try:
        assert _sc003(stack) == []
    finally:
        monkeypatch.undo()
        c.tf_constraints.cache_clear()


def test_override_file_entries_are_well_formed() -> None:
    data = json.loads((DATA / "constraint_overrides.json").read_text())
    for entry in data["overrides"]:
        assert {"type", "path", "kind", "reason"} <= set(entry), entry
        assert entry["kind"] in ("*", "e", "p", "minl", "maxl", "min", "max", "mini", "maxi"), entry


# -- the guards ----------------------------------------------------------------------------------------------


def test_placeholder_patterns_are_refused() -> None:
    assert c.is_placeholder("See rules in parameter description")
    assert c.python_pattern("See rules in parameter description") is None
    assert not c.is_placeholder("^[a-zA-Z0-9 _-]+$")


def test_dollar_means_end_of_input_as_in_ecmascript() -> None:
    rx = c.compiled("^[a-z]+$")
    assert rx is not None and rx.search("abc") and not rx.search("abc\n")
    assert c.compiled("^[$a-z]+$").search("a$b")  # `$` inside a class stays a literal


def test_regex_constructs_python_reads_differently_are_refused() -> None:
    for pattern in (r"^\p{L}+$", r"^a\Z", r"^[^]$", r"\Qa.b\E", r"^\x{41}$", "(?i)abc"):
        assert c.python_pattern(pattern) is None, pattern
    assert c.compiled(r"^(?<word>[a-z]+)$").search("abc")  # ECMAScript named groups are converted


def test_fast_moving_and_long_enums_are_not_applied() -> None:
    assert not c.enum_is_stable("AccessControl", ["Private", "PublicRead"])  # S3 canned ACLs
    assert not c.enum_is_stable("acl", ["private"])
    assert not c.enum_is_stable("InstanceType", ["t3.micro"])
    assert not c.enum_is_stable("EngineVersion", ["8.0"])
    assert not c.enum_is_stable("AvailabilityZone", ["us-east-1a"])
    assert not c.enum_is_stable("Runtime", ["python3.12"])
    assert not c.enum_is_stable("Mode", [f"V{i}" for i in range(51)])
    assert c.enum_is_stable("Mode", ["Active", "PassThrough"])


def test_lengths_of_documents_and_encoded_values_are_not_applied() -> None:
    for name in ("PolicyDocument", "user_data", "definition", "user_data_base64", "TemplateBody"):
        assert not c.length_is_characters(name), name
    assert c.length_is_characters("function_name")


def test_non_ascii_text_is_not_called_too_short() -> None:
    from stackcheck.rules.schema.api_value_constraint import _problem

    spec = {"t": "string", "minl": 4, "maxl": 5}
    assert _problem("é", spec, "cloudformation", False) is None  # 2 bytes in UTF-8: AWS may count bytes
    assert _problem("ab", spec, "cloudformation", False) is not None
    assert _problem("éééééé", spec, "cloudformation", False) is not None  # over the maximum in any unit


def test_only_anchored_simple_botocore_patterns_are_used_for_terraform() -> None:
    assert c.simple_anchored("^[a-z]+$")
    assert not c.simple_anchored("[a-z]+")
    assert not c.simple_anchored("^a$|^b$")
    assert not c.simple_anchored("^(?!aws:).*$")


def _entries(name: str):
    with open(DATA / f"{name}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            yield from json.loads(line)["c"]


@pytest.mark.parametrize("name", ["cfn_constraints", "tf_constraints"])
def test_generated_data_holds_only_guarded_constraints(name: str) -> None:
    for path, spec in _entries(name):
        assert spec.get("s"), (path, spec)  # every constraint records its source
        field = [p for p in path.split(".") if p != "*"][-1]
        if "p" in spec:
            assert c.python_pattern(spec["p"]) is not None, (path, spec["p"])
            if name == "tf_constraints":
                assert c.simple_anchored(spec["p"]), (path, spec["p"])
        if "e" in spec:
            assert c.enum_is_stable(field, spec["e"]), (path, spec["e"][:5])
        if "p" in spec:
            assert not c.fast_moving(field), (path, spec["p"])
        if "max" in spec:
            assert not c.quota_like(field), path
        if name == "tf_constraints" and ("minl" in spec or "maxl" in spec):
            assert c.length_is_characters(field), path


def test_s3_canned_acl_enums_are_not_in_the_data() -> None:
    assert not [p for p, s in c.cfn_constraints("AWS::S3::Bucket")[1] if p == "AccessControl" and "e" in s]
    assert not [p for p, s in c.tf_constraints("aws_s3_bucket_acl")[1] if p == "acl" and "e" in s]


def test_summary_counts_match_the_data() -> None:
    summary = json.loads((DATA / "constraint_summary.json").read_text())
    cfn_index = json.loads((DATA / "cfn_constraints.idx").read_text())["index"]
    tf_index = json.loads((DATA / "tf_constraints.idx").read_text())["index"]
    assert summary["cloudformation"]["types with a constraint"] == len(cfn_index)
    assert summary["terraform"]["types with a constraint"] == len(tf_index)
    assert summary["terraform"]["arguments with a constraint"] == sum(1 for _ in _entries("tf_constraints"))


def test_values_resolved_later_and_placeholder_defaults_are_silent(write) -> None:
    # Seen as false alarms on public templates: dynamic references, a Serverless Framework variable, a
    # parameter default left for the user to fill in, and `Tags: []` (handlers drop empty lists).
    stack = write({"template.yaml": CFN_HEAD + (
        "Parameters:\n  Endpoint:\n    Type: String\n    Default: https://<<ENTER YOUR URL>>/hook\n"
        "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n"
        "      DBInstanceClass: db.t3.micro\n      AllocatedStorage: '20'\n"
        "      MasterUsername: '{{resolve:secretsmanager:db:SecretString:username}}'\n"
        "      MasterUserPassword: '{{resolve:secretsmanager:db:SecretString:password}}'\n"
        "  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: app-${opt:stage}\n"
        "      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}\n"
        "  Connection:\n    Type: AWS::Events::Connection\n    Properties:\n      AuthorizationType: API_KEY\n"
        "      AuthParameters: {ApiKeyAuthParameters: {ApiKeyName: key, ApiKeyValue: value}}\n"
        "  Destination:\n    Type: AWS::Events::ApiDestination\n    Properties:\n"
        "      ConnectionArn: !GetAtt Connection.Arn\n      HttpMethod: POST\n      InvocationEndpoint: !Ref Endpoint\n"
        "  Ca:\n    Type: AWS::ACMPCA::CertificateAuthority\n    Properties:\n      Type: ROOT\n"
        "      KeyAlgorithm: RSA_2048\n      SigningAlgorithm: SHA256WITHRSA\n      Subject: {CommonName: x}\n"
        "      Tags: []\n")})
    assert _sc003(stack) == []


def test_a_real_parameter_default_is_still_checked(write) -> None:
    stack = write({"template.yaml": CFN_HEAD + (
        "Parameters:\n  Endpoint:\n    Type: String\n    Default: https://hooks.example.com/a b\n"
        "Resources:\n  Connection:\n    Type: AWS::Events::Connection\n    Properties:\n"
        "      AuthorizationType: API_KEY\n"
        "      AuthParameters: {ApiKeyAuthParameters: {ApiKeyName: key, ApiKeyValue: value}}\n"
        "  Destination:\n    Type: AWS::Events::ApiDestination\n    Properties:\n"
        "      ConnectionArn: !GetAtt Connection.Arn\n      HttpMethod: POST\n      InvocationEndpoint: !Ref Endpoint\n")})
    assert [f.attribute for f in _sc003(stack)] == ["InvocationEndpoint"]


def test_patterns_of_fast_moving_values_are_not_applied() -> None:
    # botocore's Glue Command.PythonVersion pattern ^([2-3]|3[.]9)$ would refuse the next Python version.
    assert c.fast_moving("PythonVersion") and c.fast_moving("python_version")
    assert not [p for p, s in c.tf_constraints("aws_glue_job")[1] if p == "command.*.python_version" and "p" in s]


def test_override_file_switches_off_the_ses_boolean_patterns() -> None:
    table = dict(c.cfn_constraints("AWS::SES::ConfigurationSet")[1])
    assert "p" not in table["SendingOptions.SendingEnabled"]
    generated = {p: s for p, s in c._line("cfn_constraints", "AWS::SES::ConfigurationSet")["c"]}
    assert generated["SendingOptions.SendingEnabled"]["p"] == "true|false"  # in the data, switched off above


def test_provider_specific_enum_value_is_accepted(write) -> None:
    # aws_s3_bucket_versioning accepts status "Disabled" (the API knows Enabled/Suspended): an override.
    stack = write({"main.tf": TF_HEAD + (
        'resource "aws_s3_bucket" "raw" {\n  bucket = "raw-landing-123456789012"\n}\n'
        'resource "aws_s3_bucket_versioning" "raw" {\n  bucket = aws_s3_bucket.raw.id\n'
        '  versioning_configuration {\n    status = "Disabled"\n  }\n}\n')})
    assert _sc003(stack) == []
    found = _sc003(write({"main.tf": (stack / "main.tf").read_text().replace('"Disabled"', '"Off"')}))
    assert [(f.attribute, f.blocker, f.severity) for f in found] == [
        ("versioning_configuration.0.status", False, "medium")]


def test_maximums_of_counts_are_not_applied() -> None:
    # botocore freezes MSK NumberOfBrokerNodes at max 15; MSK documents larger clusters (a quota).
    assert c.quota_like("NumberOfBrokerNodes") and not c.quota_like("MaximumBatchingWindowInSeconds")
    table = dict(c.tf_constraints("aws_msk_cluster")[1])
    assert "max" not in table["number_of_broker_nodes"] and table["number_of_broker_nodes"]["min"] == 1


def test_values_the_provider_lower_cases_or_trims_are_judged_as_sent() -> None:
    from stackcheck.rules.schema.api_value_constraint import _problem

    spec = {"t": "string", "p": "^[a-z-]+$"}
    # The provider lower-cases or trims some arguments before sending them (StateFunc): judged on the
    # variants it may send; CloudFormation sends the value as written.
    assert _problem("Raw-Zone", spec, "terraform", False) is None
    assert _problem(" raw-zone ", spec, "terraform", False) is None
    assert _problem("Raw-Zone", spec, "cloudformation", False) == ("pattern", "does not match the pattern ^[a-z-]+$")
    assert _problem("raw zone", spec, "terraform", False) is not None
    enum = {"t": "string", "e": ["ENABLED", "DISABLED"]}
    assert _problem("enabled", enum, "terraform", False) is None
    assert _problem("enabled", enum, "cloudformation", False) is not None
