"""Malformed input never crashes a scan.

Every case scans one bad input next to a good Terraform stack with a known blocker, through the
command line in a subprocess with a time limit and an address-space limit, and checks:

- exactly one `FILE:LINE: error: ...` line on stderr, naming the bad file (none where the input is
  valid, e.g. a directory named main.tf, which Terraform itself skips), and no internal error;
- exit 2 when there is an input error (1 otherwise: the good stack's blocker);
- the good stack is still scanned and its finding reported;
- every output format parses (json and sarif with json.loads, junit with ElementTree) and no
  traceback anywhere.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from stackcheck.scan import scan

GOOD = {"good/main.tf": 'resource "aws_ecr_repository" "r" {\n  name = "Upper"\n}\n'}
GOOD_RULE = "SC003"
ALL_FORMATS = ("json", "sarif", "junit", "markdown", "text")
TIME_LIMIT = 60  # seconds for the whole subprocess (all formats); a hang fails the test
MEMORY_LIMIT = 3 << 30  # address space of the subprocess; exceeding it is a MemoryError traceback
ERROR_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): error: (?P<message>.+)$")

CASE_TIME_LIMIT = 60  # seconds for one case (all its formats); SIGALRM makes a hang a failure
TOTAL_TIME_LIMIT = 600
MEMORY_LIMIT = 3 << 30  # address space of the scanning process; exceeding it is a MemoryError
ERROR_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): error: (?P<message>.+)$")

# One subprocess runs `stackcheck scan` (cli.main, as the console script does) for every case and
# format, so the imports are paid once. Each case's result is printed as soon as it is known: a
# crash of the process still shows which case it was in. An exception escaping main() is caught
# and recorded as that case's traceback.
DRIVER = r"""
import contextlib, io, json, resource, signal, sys, time, traceback
limit, per_case = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
def alarm(signum, frame):
    raise TimeoutError(f"case took more than {per_case} s")
signal.signal(signal.SIGALRM, alarm)
from stackcheck.cli import main
for request in json.loads(sys.stdin.read()):
    out = {"name": request["name"], "runs": {}}
    started = time.monotonic()
    signal.alarm(per_case)
    try:
        for fmt in request["formats"]:
            o, e = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
                code = main(["scan", *request["paths"], "--format", fmt, "--no-programs"])
            out["runs"][fmt] = {"code": code, "stdout": o.getvalue(), "stderr": e.getvalue()}
    except BaseException:
        out["traceback"] = traceback.format_exc()
    finally:
        signal.alarm(0)
    out["seconds"] = time.monotonic() - started
    print(json.dumps(out), flush=True)
"""


@dataclass
class Case:
    files: dict[str, str | bytes]
    scan: list[str]  # paths to scan, relative to the case's directory (plus good/)
    error: str | None  # the file the one error names, relative; None: no error expected
    line: int | None = None  # its line, where the case pins it
    message: str = ""  # a substring of the error message
    formats: tuple[str, ...] = ALL_FORMATS
    dirs: list[str] = field(default_factory=list)
    symlinks: dict[str, str] = field(default_factory=dict)


def _nested_yaml_block(depth: int) -> str:
    lines = ["AWSTemplateFormatVersion: '2010-09-09'", "Resources:", "  Q:", "    Type: AWS::SQS::Queue",
             "    Metadata:"]
    lines += [" " * (6 + i) + f"k{i}:" for i in range(depth)]
    lines.append(" " * (6 + depth) + "leaf: 1")
    return "\n".join(lines) + "\n"


def _alias_bomb(levels: int) -> str:
    text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata:\n"
    text += "      l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, levels):
        text += f"      l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n"
    return text


BINARY = bytes(range(256)) * 16  # every byte value: invalid UTF-8 from byte 0x80 on
CONTROL = b"Resources:\n  Q:\n    Type: AWS::SQS::Queue\n" + bytes(range(1, 32)) * 4  # valid UTF-8, not text
QUEUE = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n"
BIG = 5_000_000  # bytes on one line

CASES: dict[str, Case] = {
    # truncated files
    "truncated-tf": Case({"bad/main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  tags = {\n'},
                         ["bad"], "bad/main.tf", 4, "invalid HCL"),
    "truncated-tf-json": Case({"bad/main.tf.json": '{"resource": {"aws_s3_bucket": {"b": {"bucket": "x"'},
                              ["bad"], "bad/main.tf.json", 1, "invalid YAML/JSON"),
    "truncated-yaml": Case({"bad/t.yaml": QUEUE + "    Properties: {QueueName: [\n"},
                           ["bad/t.yaml"], "bad/t.yaml", None, "invalid YAML/JSON"),
    "truncated-json": Case({"bad/t.json": '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Q": {"Typ'},
                           ["bad/t.json"], "bad/t.json", 1, "invalid YAML/JSON"),
    # binary files
    # (BINARY holds a newline, byte 10, before its first invalid byte, 0x80: the error is on line 2)
    "binary-tf": Case({"bad/main.tf": BINARY}, ["bad"], "bad/main.tf", 2, "UTF-8"),
    "binary-tf-json": Case({"bad/main.tf.json": BINARY}, ["bad"], "bad/main.tf.json", 2, "UTF-8"),
    "binary-yaml": Case({"bad/t.yaml": BINARY}, ["bad/t.yaml"], "bad/t.yaml", 2, "UTF-8"),
    "binary-json": Case({"bad/t.json": BINARY}, ["bad/t.json"], "bad/t.json", 2, "UTF-8"),
    "control-characters-yaml": Case({"bad/t.yaml": CONTROL}, ["bad"], "bad/t.yaml", 4, "unacceptable character"),
    # invalid UTF-8 in otherwise good files
    "invalid-utf8-tf": Case({"bad/main.tf": b'resource "aws_sqs_queue" "q" {\n  name = "caf\xe9"\n}\n'},
                            ["bad"], "bad/main.tf", 2, "UTF-8"),
    "invalid-utf8-yaml": Case({"bad/t.yaml": QUEUE.encode() + b"    Properties:\n      QueueName: caf\xe9\n"},
                              ["bad"], "bad/t.yaml", 6, "UTF-8"),
    # deep nesting
    "deep-hcl": Case({"bad/main.tf": 'resource "aws_sqs_queue" "q" {\n  tags = ' + "[" * 5000 + "]" * 5000 + "\n}\n"},
                     ["bad"], "bad/main.tf", 1, "nested too deeply"),
    "deep-hcl-blocks": Case({"bad/main.tf": 'resource "aws_sqs_queue" "q" {\n' + "a {\n" * 3000 + "}\n" * 3001},
                            ["bad"], "bad/main.tf", 1, "nested too deeply"),
    "deep-yaml-flow": Case({"bad/t.yaml": QUEUE + "    Metadata: " + "[" * 100_000 + "]" * 100_000 + "\n"},
                           ["bad"], "bad/t.yaml", 5, "nested more than"),
    "deep-yaml-block": Case({"bad/t.yaml": _nested_yaml_block(400)}, ["bad"], "bad/t.yaml", None, "nested more than"),
    "deep-json": Case({"bad/t.json": '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Metadata": '
                                     + "[" * 100_000 + "]" * 100_000 + "}}}"},
                      ["bad"], "bad/t.json", 1, "nested more than"),
    "deep-tf-json": Case({"bad/main.tf.json": '{"locals": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}"},
                         ["bad"], "bad/main.tf.json", 1, "nested more than"),
    # YAML anchors that expand exponentially (9^12 nodes)
    "yaml-alias-bomb": Case({"bad/t.yaml": _alias_bomb(12)}, ["bad"], "bad/t.yaml", None, "alias bomb"),
    # several MB on one line: YAML and JSON are read; native HCL is refused by size (bounded memory)
    "long-line-yaml": Case({"bad/t.yaml": QUEUE + "    Metadata:\n      Blob: " + "a" * BIG + "\n"},
                           ["bad"], None, formats=("json", "junit")),
    "long-line-json": Case({"bad/t.json": '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Metadata": {"Blob": "'
                                          + "a" * BIG + '"}}}}'}, ["bad"], None, formats=("json", "junit")),
    "long-line-tf": Case({"bad/main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "' + "a" * BIG + '"\n}\n'},
                         ["bad"], "bad/main.tf", 1, "MB", formats=("json", "junit")),
    # duplicate keys: CloudFormation keeps the last silently; cfn-lint E0000 refuses the file
    "duplicate-keys-yaml": Case({"bad/t.yaml": QUEUE + "  Q:\n    Type: AWS::SNS::Topic\n"},
                                ["bad"], "bad/t.yaml", 5, "duplicate key 'Q' (first at line 3)"),
    "duplicate-keys-json": Case({"bad/t.json": '{"Resources": {\n"Q": {"Type": "AWS::SQS::Queue"},\n'
                                               '"Q": {"Type": "AWS::SNS::Topic"}}}\n'},
                                ["bad"], "bad/t.json", 3, "duplicate key 'Q' (first at line 2)"),
    "duplicate-argument-tf-json": Case({"bad/main.tf.json": '{"resource": {"aws_sqs_queue": {"q": {\n'
                                                            '"name": "a",\n"name": "b"}}}}\n'},
                                       ["bad"], "bad/main.tf.json", 3, "Duplicate argument"),
    "duplicate-attribute-tf": Case({"bad/main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "a"\n  name = "b"\n}\n'},
                                   ["bad"], "bad/main.tf", 3, "Attribute redefined"),
    # Resources of the wrong shape
    "resources-list": Case({"bad/t.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  - a\n  - b\n"},
                           ["bad"], "bad/t.yaml", 2, "not a list"),
    "resources-string": Case({"bad/t.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources: hello\n"},
                             ["bad"], "bad/t.yaml", 2, "not a string"),
    "resources-null": Case({"bad/t.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"},
                           ["bad"], "bad/t.yaml", 2, "At least one Resources member"),
    "resource-without-type": Case({"bad/t.yaml": QUEUE + "  B:\n    Properties: {BucketName: x}\n"},
                                  ["bad"], "bad/t.yaml", 5, "has no Type"),
    "resource-scalar": Case({"bad/t.yaml": QUEUE + "  B: 5\n"}, ["bad"], "bad/t.yaml", 5, "not a number"),
    # Terraform reference cycles
    "cycle-locals": Case({"bad/main.tf": 'locals {\n  a = local.b\n  b = "${local.a}-x"\n}\n'
                                         'resource "aws_sqs_queue" "q" {\n  name = local.a\n}\n'},
                         ["bad"], "bad/main.tf", 2, "Cycle: local.a, local.b"),
    "cycle-module-calls-itself": Case({"bad/main.tf": 'module "m" {\n  source = "./m"\n}\n',
                                       "bad/m/main.tf": 'resource "aws_sqs_queue" "q" {}\n'
                                                        'module "again" {\n  source = "../m"\n}\n'},
                                      ["bad"], "bad/m/main.tf", 2, "already calling it"),
    "cycle-module-output-to-input": Case({"bad/main.tf": 'module "m" {\n  source = "./m"\n  x = module.m.y\n}\n',
                                          "bad/m/main.tf": 'variable "x" {}\noutput "y" {\n  value = var.x\n}\n'
                                                           'resource "aws_sqs_queue" "q" {\n  name = var.x\n}\n'},
                                         ["bad"], "bad/m/main.tf", 1, "Cycle: module.m.var.x"),
    # unterminated template string
    "unterminated-template": Case({"bad/main.tf": 'variable "x" {}\nresource "aws_sqs_queue" "q" {\n'
                                                  '  name = "${var.x"\n}\n'},
                                  ["bad"], "bad/main.tf", None, "invalid HCL"),
    # a tf.json that is valid JSON of the wrong shape
    "tf-json-array": Case({"bad/main.tf.json": "[1, 2, 3]\n"}, ["bad"], "bad/main.tf.json", 1, "JSON object"),
    "tf-json-resource-list": Case({"bad/main.tf.json": '{"resource": [1, 2]}\n'}, ["bad"], "bad/main.tf.json", 1,
                                  "expected an object"),
    "tf-json-resource-scalar": Case({"bad/main.tf.json": '{"resource": {"aws_sqs_queue": {"q": 5}}}\n'},
                                    ["bad"], "bad/main.tf.json", 1, "expected an object"),
    # empty files: an empty .tf is a valid (empty) module; an empty template named explicitly is not a template
    "empty-tf": Case({"bad/main.tf": ""}, ["bad"], None),
    "empty-tf-json": Case({"bad/main.tf.json": ""}, ["bad"], "bad/main.tf.json", 1, "JSON object"),
    "empty-yaml-named": Case({"bad/t.yaml": ""}, ["bad/t.yaml"], "bad/t.yaml", 1, "not a CloudFormation template"),
    "empty-json-named": Case({"bad/t.json": ""}, ["bad/t.json"], "bad/t.json", 1, "not a CloudFormation template"),
    # a directory named like a Terraform file: Terraform skips it, so do we; its siblings are read
    "directory-named-main-tf": Case({"bad/other.tf": 'resource "aws_ecr_repository" "x" {\n  name = "ALSO"\n}\n',
                                     "bad/main.tf/README": "not a file\n"}, ["bad"], None),
    # a symlink loop inside a scanned directory
    "symlink-loop": Case({"bad/t.yaml": QUEUE}, ["bad"], None, symlinks={"bad/loop": "..", "bad/self": "."}),
}


def _materialise(root: Path, case: Case) -> None:
    for name, content in {**GOOD, **case.files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    for link, target in case.symlinks.items():
        os.symlink(target, root / link)


def _run(requests: list[dict], cwd: Path) -> dict[str, dict]:
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(MEMORY_LIMIT), str(CASE_TIME_LIMIT)],
                          input=json.dumps(requests), capture_output=True, text=True, timeout=TOTAL_TIME_LIMIT,
                          cwd=cwd)
    results = {}
    for line in proc.stdout.splitlines():
        item = json.loads(line)
        results[item["name"]] = item
    missing = [r["name"] for r in requests if r["name"] not in results]
    assert not missing, f"the scanning process died in {missing[0]}: {proc.returncode}\n{proc.stderr[-3000:]}"
    return results


def _request(name: str, root: Path, case: Case) -> dict:
    paths = [str(root / p) for p in case.scan] + [str(root / "good")]
    return {"name": name, "paths": paths, "formats": list(case.formats)}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    """Every case, scanned once in one process; {name: (its directory, its result)}."""
    roots = {}
    for name, case in CASES.items():
        roots[name] = tmp_path_factory.mktemp(name)
        _materialise(roots[name], case)
    got = _run([_request(name, roots[name], case) for name, case in CASES.items()], tmp_path_factory.getbasetemp())
    return {name: (roots[name], got[name]) for name in CASES}


def _check_format(fmt: str, stdout: str) -> None:
    if fmt in ("json", "sarif"):
        json.loads(stdout)
    elif fmt == "junit":
        ET.fromstring(stdout)
    assert GOOD_RULE in stdout, f"{fmt}: the good stack's finding is missing"


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_input(results: dict[str, tuple[Path, dict]], name: str) -> None:
    case = CASES[name]
    root, result = results[name]
    assert "traceback" not in result, result["traceback"]
    assert result["seconds"] < CASE_TIME_LIMIT
    for fmt, run in result["runs"].items():
        stderr = run["stderr"]
        assert "Traceback" not in stderr and "internal error" not in stderr, stderr
        errors = [m for m in map(ERROR_LINE.match, stderr.splitlines()) if m]
        if case.error is None:
            assert errors == [], stderr
            assert run["code"] == 1, stderr  # the good stack's blocker
        else:
            assert len(errors) == 1, stderr
            err = errors[0]
            assert err["file"] == str(root / case.error), stderr
            if case.line is not None:
                assert int(err["line"]) == case.line, stderr
            assert case.message in err["message"], stderr
            assert run["code"] == 2, stderr
        _check_format(fmt, run["stdout"])
    report = json.loads(result["runs"]["json"]["stdout"])
    assert report["internal_errors"] == []
    assert any(f["rule_id"] == GOOD_RULE and f["file"].endswith("good/main.tf") for f in report["findings"])
    assert len(report["errors"]) == (0 if case.error is None else 1)


def test_unknown_and_malformed_intrinsics_are_unknowns_not_errors(tmp_path: Path) -> None:
    """CloudFormation would reject some of these; statically they are values we do not know, so
    they give no error of ours and, above all, no blocker (cfn-lint reports the malformed ones)."""
    template = QUEUE + """\
    Properties:
      QueueName: {"Fn::Foo": 1}
      KmsMasterKeyId: !GetAtt [a, b, c]
      KmsDataKeyReusePeriodSeconds: !GetAtt {x: 1}
      DelaySeconds: !Select [99, [1, 2]]
      MaximumMessageSize: !Select [a, [1]]
      MessageRetentionPeriod: !If [OnlyOne]
      ReceiveMessageWaitTimeSeconds: !FindInMap [Missing]
      VisibilityTimeout: !Ref [1, 2]
      RedrivePolicy:
        deadLetterTargetArn: !Sub "${Nope"
        maxReceiveCount: !Sub ["${x}", [1]]
      RedriveAllowPolicy: !Sub ["${Undefined.Attr}-${AWS::NoSuch}"]
      Tags:
        - Key: cidr
          Value: !Select [0, !Cidr ["10.0.0.0/8", 1000000000, 1]]
        - Key: cidr2
          Value: !Select [0, !Cidr ["not-a-cidr", 2, 8]]
        - Key: join
          Value: !Join [",", "not-a-list"]
        - Key: split
          Value: !Select [0, !Split [1, 2]]
        - Key: json
          Value: !ToJsonString [!Ref AWS::NoValue]
        - Key: inf
          Value: !Select [.inf, [1]]
"""
    case = Case({"bad/t.yaml": template}, ["bad"], None, formats=("json",))
    _materialise(tmp_path, case)
    result = _run([_request("intrinsics", tmp_path, case)], tmp_path)["intrinsics"]
    assert "traceback" not in result, result["traceback"]
    report = json.loads(result["runs"]["json"]["stdout"])
    assert report["errors"] == [] and report["internal_errors"] == []
    assert not [f for f in report["findings"] if f["file"].endswith("t.yaml") and f["blocker"]], report["findings"]


def test_unreadable_file_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 does not stop root (these tests run as root), so reading is made to fail with the
    error the OS gives a user without permission."""
    _materialise(tmp_path, Case({"bad/main.tf": 'resource "aws_sqs_queue" "q" {}\n', "tpl/t.yaml": QUEUE}, [], None))
    denied = {str(tmp_path / "bad" / "main.tf"), str(tmp_path / "tpl" / "t.yaml")}
    real_open = builtins.open

    def guarded(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file) in denied:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    result = scan([str(tmp_path / "bad"), str(tmp_path / "tpl"), str(tmp_path / "good")])
    assert sorted((e.file, e.message) for e in result.errors) == sorted(
        (path, "cannot read file: Permission denied") for path in denied)
    assert result.internal_errors == []
    assert any(f.rule_id == GOOD_RULE for f in result.findings)


def test_input_error_survives_pickling() -> None:
    """--jobs workers send their errors back pickled; an error that cannot be rebuilt used to break
    the whole process pool, turning every input of the scan into an internal error."""
    import pickle

    from stackcheck.errors import InputError

    err = pickle.loads(pickle.dumps(InputError("a/main.tf", 3, "invalid HCL: x")))
    assert (err.file, err.line, err.message, str(err)) == ("a/main.tf", 3, "invalid HCL: x",
                                                         "a/main.tf:3: error: invalid HCL: x")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads chmod 000 files; see test_unreadable_file_in_process")
def test_unreadable_file_cli(tmp_path: Path) -> None:
    case = Case({"bad/main.tf": 'resource "aws_sqs_queue" "q" {}\n'}, ["bad"], "bad/main.tf", formats=("json",))
    _materialise(tmp_path, case)
    (tmp_path / "bad" / "main.tf").chmod(0)
    run = _run([_request("unreadable", tmp_path, case)], tmp_path)["unreadable"]["runs"]["json"]
    assert run["code"] == 2 and "bad/main.tf:0: error: cannot read file: Permission denied" in run["stderr"]


def test_tf_json_repeated_block_keys_merge_like_terraform(tmp_path: Path) -> None:
    """`terraform validate` accepts {"resource": {...}, "resource": {...}} and declares both; a repeated
    argument inside one resource is its "Duplicate argument" error (the duplicate-argument-tf-json case)."""
    (tmp_path / "main.tf.json").write_text('{"resource": {"aws_sqs_queue": {"a": {"name": "a"}}},\n'
                                           ' "resource": {"aws_sqs_queue": {"b": {"name": "b"}}}}\n')
    result = scan([str(tmp_path)])
    assert result.errors == [] and result.internal_errors == []
    assert sorted(r.address for r in result.stacks[0].resources) == ["aws_sqs_queue.a", "aws_sqs_queue.b"]
