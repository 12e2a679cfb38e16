"""The CloudFormation loader: intrinsics, conditions, kinds from the schemas, lines."""

from __future__ import annotations

from stackcheck.model.values import ARN, AZ, KMS_KEY_ID, Unknown
from stackcheck.scan import load

TEMPLATE = '''AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: dev
  Create:
    Type: String
    Default: "no"
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  DoCreate: !Equals [!Ref Create, "yes"]
Mappings:
  Sizes:
    dev: {Shards: 1}
Resources:
  Key:
    Type: AWS::KMS::Key
  Stream:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: !Sub "ingest-${Env}"
      ShardCount: !FindInMap [Sizes, !Ref Env, Shards]
      StreamEncryption:
        EncryptionType: KMS
        KeyId: !Ref Key
      Tags:
        - Key: Arn
          Value: !GetAtt Key.Arn
        - Key: Tier
          Value: !If [IsProd, gold, bronze]
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      AvailabilityZone: !Select [1, !GetAZs ""]
      CidrBlock: !Select [2, !Cidr ["10.0.0.0/16", 4, 8]]
      VpcId: vpc-1
  Optional:
    Type: AWS::SQS::Queue
    Condition: DoCreate
'''


def test_intrinsics(write):
    root = write({"t.yaml": TEMPLATE})
    stacks, errors = load([str(root)])
    assert errors == []
    stack = stacks[0]
    stream = stack.by_address["Stream"]
    assert stream.attrs["Name"] == "ingest-dev"
    assert stream.attrs["ShardCount"] == 1
    key = stream.attrs["StreamEncryption"]["KeyId"]
    assert isinstance(key, Unknown) and key.kind == KMS_KEY_ID and key.target == "Key"
    assert stream.attrs["Tags"][0]["Value"].kind == ARN
    assert stream.attrs["Tags"][1]["Value"] == "bronze"
    assert stream.line == 18 and stream.line_of("StreamEncryption.KeyId") == 25
    assert stream.references == {"Key"}
    subnet = stack.by_address["Subnet"]
    assert subnet.attrs["AvailabilityZone"].kind == AZ
    assert subnet.attrs["CidrBlock"] == "10.0.2.0/24"
    assert "Optional" not in stack.by_address  # its condition is false with the defaults


def test_not_a_template_is_skipped_in_directories(write):
    root = write({"config.yaml": "Resources: 3\nother: x\n", "t.yaml": TEMPLATE})
    stacks, errors = load([str(root)])
    assert len(stacks) == 1 and errors == []


def test_yaml_error_has_line(write):
    root = write({"t.yaml": "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties: [\n"})
    _, errors = load([str(root / "t.yaml")])
    assert len(errors) == 1 and errors[0].line >= 4


def test_alias_bomb_is_an_input_error(write):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    prev = "a"
    for i in range(10):
        bomb += f"b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        prev = f"b{i}"
    bomb += "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"
    root = write({"t.yaml": bomb})
    _, errors = load([str(root / "t.yaml")])
    assert errors and "too many nodes" in errors[0].message


def test_json_that_libyaml_refuses_is_still_read(write):
    # json.dumps writes emoji as surrogate-pair escapes, which libyaml rejects.
    root = write({"t.json": '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", '
                            '"Properties": {"QueueName": "a\\ud83d\\ude00"}}}}'})
    stacks, errors = load([str(root / "t.json")])
    assert errors == [] and stacks[0].by_address["Q"].attrs["QueueName"] == "a\U0001F600"
