"""stackcheck.model.iam: parsing every policy shape, wildcard matching and three-valued answers."""

from __future__ import annotations

import json
from pathlib import Path

from stackcheck.model import iam
from stackcheck.model.values import Encoded, Unknown
from stackcheck.scan import load


def _policy(doc: object) -> iam.Policy:
    policy = iam.parse(doc)
    assert policy is not None
    return policy


def _stack(tmp_path: Path, text: str, name: str = "main.tf"):
    (tmp_path / name).write_text(text)
    stacks, errors = load([str(tmp_path / name) if name.endswith(".yaml") else str(tmp_path)])
    assert not errors
    return stacks[0]


def test_parse_accepts_text_encoded_and_dict() -> None:
    doc = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}
    for value in (json.dumps(doc), Encoded(doc), doc):
        policy = iam.document(None, value)  # type: ignore[arg-type]
        assert policy is not None and policy.complete
        assert policy.statements[0].actions == ["s3:GetObject"]


def test_wildcards_are_case_insensitive_for_actions() -> None:
    policy = _policy({"Statement": [{"Effect": "Allow", "Action": ["S3:Get*", "kms:?ncrypt"], "Resource": "*"}]})
    assert iam.grants(policy, "s3:GetObject") is True
    assert iam.grants(policy, "kms:Encrypt") is True
    assert iam.grants(policy, "s3:PutObject") is False


def test_not_action_and_unknown_actions() -> None:
    not_action = _policy({"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]})
    assert iam.grants(not_action, "ec2:CreateNetworkInterface") is True
    assert iam.grants(not_action, "iam:PassRole") is False
    unknown = _policy({"Statement": [{"Effect": "Allow", "Action": Unknown("var.actions"), "Resource": "*"}]})
    assert iam.grants(unknown, "s3:GetObject") is None


def test_conditions_and_deny_do_not_give_definite_answers() -> None:
    conditional = _policy({"Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*",
                                          "Condition": {"StringEquals": {"aws:PrincipalAccount": "1"}}}]})
    assert iam.grants(conditional, "kms:PutKeyPolicy") is None
    assert iam.grants(conditional, "kms:PutKeyPolicy", conditional=True) is True
    deny_only = _policy({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]})
    assert iam.grants(deny_only, "s3:GetObject") is False


def test_incomplete_document_never_answers_false() -> None:
    policy = _policy({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, Unknown("x")]})
    assert not policy.complete
    assert iam.grants(policy, "sqs:SendMessage") is None


def test_trust_policy_services() -> None:
    trust = _policy({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                    "Principal": {"Service": ["ec2.amazonaws.com", "states.eu-west-1.amazonaws.com"]}}]})
    assert iam.trusts_service(trust, "ec2.amazonaws.com") is True
    assert iam.trusts_service(trust, "states.amazonaws.com") is True  # regional form
    assert iam.trusts_service(trust, "lambda.amazonaws.com") is False
    assert iam.trusts_service(trust, "edgelambda.amazonaws.com") is False
    anyone = _policy({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*"}]})
    assert iam.trusts_service(anyone, "lambda.amazonaws.com") is None
    templated = _policy({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                        "Principal": {"Service": Unknown("x", parts=("logs.", Unknown("r"), ".amazonaws.com"))}}]})
    assert iam.trusts_service(templated, "logs.amazonaws.com") is None
    web_identity = _policy({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
                                           "Principal": {"Service": "lambda.amazonaws.com"}}]})
    assert iam.trusts_service(web_identity, "lambda.amazonaws.com") is False


def test_size_lower_bound_ignores_whitespace_and_unknowns() -> None:
    text = '{ "Version": "2012-10-17",\n  "Statement": [] }'
    assert iam.size_lower_bound(None, text) == len('{"Version":"2012-10-17","Statement":[]}')  # type: ignore[arg-type]
    doc = Encoded({"Statement": [{"Resource": Unknown("aws_s3_bucket.b.arn")}]})
    assert iam.size_lower_bound(None, doc) == len('{"Statement":[{"Resource":""}]}')  # type: ignore[arg-type]


def test_managed_policy_names() -> None:
    assert iam.managed_policy_name("arn:aws:iam::aws:policy/service-role/AWSLambdaRole") == ("service-role/", "AWSLambdaRole")
    sub = Unknown("x", parts=("arn:", Unknown("AWS::Partition"), ":iam::aws:policy/AdministratorAccess"))
    assert iam.managed_policy_name(sub) == ("", "AdministratorAccess")
    assert iam.managed_policy_name("arn:aws:iam::123456789012:policy/mine") is None
    vpc = iam.managed_policy("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole")
    assert vpc is not None and iam.grants(vpc, "ec2:CreateNetworkInterface") is True
    assert iam.managed_policy("arn:aws:iam::aws:policy/AWSLambdaVPCAccessExecutionRole") is None  # wrong path


def test_terraform_policy_document_data_source_and_role_permissions(tmp_path: Path) -> None:
    stack = _stack(tmp_path, '''
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.assume.json]
}
resource "aws_iam_role" "fn" {
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
resource "aws_iam_role_policy_attachment" "vpc" {
  role       = aws_iam_role.fn.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}
resource "aws_iam_role" "other" {
  assume_role_policy = data.aws_iam_policy_document.merged.json
  managed_policy_arns = ["arn:aws:iam::123456789012:policy/team-boundary"]
}
''')
    role = stack.by_address["aws_iam_role.fn"]
    trust = iam.trust_policy(stack, role)
    assert trust is not None and trust.from_data_source
    assert iam.trusts_service(trust, "lambda.amazonaws.com") is True
    perms = iam.role_permissions(stack, role)
    assert perms.complete
    assert perms.grants("ec2:CreateNetworkInterface") is True
    assert perms.grants("secretsmanager:GetSecretValue") is False
    other = stack.by_address["aws_iam_role.other"]
    merged = iam.trust_policy(stack, other)
    assert merged is not None and not merged.complete  # source_policy_documents may add statements
    assert iam.role_permissions(stack, other).grants("s3:GetObject") is None  # customer policy outside the stack


def test_cloudformation_roles_and_attached_policies(tmp_path: Path) -> None:
    stack = _stack(tmp_path, '''
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: ecs-tasks.amazonaws.com}
            Action: sts:AssumeRole
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: ssm:GetParameters
            Resource: "*"
''', "template.yaml")
    role = stack.by_address["Role"]
    perms = iam.role_permissions(stack, role)
    assert perms.grants("ssm:GetParameters") is True
    assert perms.grants("secretsmanager:GetSecretValue") is False
