#!/usr/bin/env python3
"""Compare candidate HCL / YAML / JSON parsers for stackcheck.

Generates its own inputs (a ~1,000-resource Terraform file, a ~1,000-resource
CloudFormation template as YAML and as JSON, one-resource variants, and a set
of small tricky inputs), runs every installed candidate on them and prints
Markdown tables:

  1. speed on the big inputs: parse only, and parse + a walk that turns the
     result into the neutral tree a checker would consume (every key/attribute
     with its line, every block, every expression), min and median of N runs;
  2. what each parser gives: (a) line of every attribute/key, (b) line of
     every block/mapping, (c) expression structure as a tree, plus a
     correctness check of the lines against those recorded by the generator;
  3. tricky inputs, one column per case;
  4. cold start: `python -c "import X"` wall time and, in a fresh process,
     import time + first parse of a one-resource input.

A candidate whose package is missing is reported as skipped.

Usage:  python bench/parsers/compare.py [--resources 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import bisect
import importlib
import importlib.metadata
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import textwrap
import time

# --------------------------------------------------------------------------
# Input generators
# --------------------------------------------------------------------------


class _Lines:
    """Accumulates text lines and knows the 1-based number of the next line."""

    def __init__(self):
        self.lines: list[str] = []

    @property
    def next_line(self) -> int:
        return len(self.lines) + 1

    def add(self, block: str) -> int:
        first = self.next_line
        self.lines.extend(textwrap.dedent(block).strip("\n").split("\n"))
        self.lines.append("")
        return first

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


TF_KINDS = ["subnet", "security_group", "ecs_task_definition", "rds_cluster",
            "s3_bucket", "iam_role", "iam_role_policy", "kms_key", "launch_template"]


def gen_terraform(n: int):
    """Terraform file with n resources. Returns (text, expected) where expected
    maps 'type.name' -> line of the resource header, plus nested block counts."""
    out = _Lines()
    out.add('''
        terraform {
          required_version = ">= 1.5"
          required_providers {
            aws = {
              source  = "hashicorp/aws"
              version = "~> 5.0"
            }
          }
        }

        variable "env" {
          type    = string
          default = "prod"
        }

        variable "azs" {
          type    = list(string)
          default = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
        }

        variable "ingress_rules" {
          type = map(object({ port = number, cidr = string }))
          default = {
            https = { port = 443, cidr = "10.0.0.0/8" }
            pg    = { port = 5432, cidr = "10.1.0.0/16" }
          }
        }

        locals {
          prefix      = "${var.env}-data"
          common_tags = { Environment = var.env, Owner = "data-platform" }
          az_names    = [for az in var.azs : upper(az) if az != ""]
          by_port     = { for k, r in var.ingress_rules : r.port => k... }
        }

        data "aws_caller_identity" "current" {}
    ''')
    expected: dict[str, int] = {}
    nested = {"ingress": 0, "egress": 0}
    vpc = None
    for i in range(n):
        if i % 50 == 0:
            vpc = f"vpc{i // 50}"
            expected[f"aws_vpc.{vpc}"] = out.add(f'''
                resource "aws_vpc" "{vpc}" {{
                  cidr_block           = "10.{i // 50}.0.0/16"
                  enable_dns_hostnames = true
                  tags                 = merge(local.common_tags, {{ Name = "${{local.prefix}}-{vpc}" }})
                }}
            ''')
            continue
        kind = TF_KINDS[i % len(TF_KINDS)]
        name = f"r{i}"
        if kind == "subnet":
            body = f'''
                resource "aws_subnet" "{name}" {{
                  count             = length(var.azs)
                  vpc_id            = aws_vpc.{vpc}.id
                  cidr_block        = cidrsubnet(aws_vpc.{vpc}.cidr_block, 8, count.index)
                  availability_zone = var.azs[count.index]
                  tags              = { "{" } Name = "${{var.env}}-subnet-${{count.index}}" {"}"}
                }}
            '''
        elif kind == "security_group":
            nested["ingress"] += 2
            nested["egress"] += 1
            body = f'''
                resource "aws_security_group" "{name}" {{
                  name        = "${{local.prefix}}-sg-{i}"
                  description = "SG {i}"
                  vpc_id      = aws_vpc.{vpc}.id

                  ingress {{
                    description = "https"
                    from_port   = 443
                    to_port     = 443
                    protocol    = "tcp"
                    cidr_blocks = [aws_vpc.{vpc}.cidr_block]
                  }}

                  ingress {{
                    from_port       = 5432
                    to_port         = 5432
                    protocol        = "tcp"
                    security_groups = aws_security_group.r{max(i - 9, 1)}[*].id
                  }}

                  dynamic "ingress" {{
                    for_each = var.ingress_rules
                    content {{
                      from_port   = ingress.value.port
                      to_port     = ingress.value.port
                      protocol    = "tcp"
                      cidr_blocks = [ingress.value.cidr]
                    }}
                  }}

                  egress {{
                    from_port   = 0
                    to_port     = 0
                    protocol    = "-1"
                    cidr_blocks = ["0.0.0.0/0"]
                  }}

                  lifecycle {{
                    create_before_destroy = true
                  }}
                }}
            '''
        elif kind == "ecs_task_definition":
            body = f'''
                resource "aws_ecs_task_definition" "{name}" {{
                  family                   = "${{local.prefix}}-task-{i}"
                  requires_compatibilities = ["FARGATE"]
                  network_mode             = "awsvpc"
                  cpu                      = 512
                  memory                   = 1024
                  execution_role_arn       = aws_iam_role.r{max(i - 3, 1)}.arn
                  container_definitions = jsonencode([
                    {{
                      name      = "app"
                      image     = "${{data.aws_caller_identity.current.account_id}}.dkr.ecr.eu-west-1.amazonaws.com/app:${{var.env}}"
                      essential = true
                      portMappings = [{{ containerPort = 8080, hostPort = 8080 }}]
                      environment = [for k, v in local.common_tags : {{ name = k, value = v }}]
                      secrets = [{{ name = "DB_PASSWORD", valueFrom = aws_rds_cluster.r{max(i - 1, 1)}.master_user_secret[0].secret_arn }}]
                    }}
                  ])
                }}
            '''
        elif kind == "rds_cluster":
            body = f'''
                resource "aws_rds_cluster" "{name}" {{
                  cluster_identifier          = "${{local.prefix}}-db-{i}"
                  engine                      = "aurora-postgresql"
                  engine_version              = "15.4"
                  master_username             = "admin"
                  manage_master_user_password = true
                  storage_encrypted           = var.env == "prod" ? true : false
                  kms_key_id                  = aws_kms_key.r{max(i - 4, 1)}.arn
                  vpc_security_group_ids      = [aws_security_group.r{max(i - 2, 1)}.id]
                  db_subnet_group_name        = "default"
                  backup_retention_period     = 7
                  skip_final_snapshot         = false

                  serverlessv2_scaling_configuration {{
                    min_capacity = 0.5
                    max_capacity = 8
                  }}
                }}
            '''
        elif kind == "s3_bucket":
            body = f'''
                resource "aws_s3_bucket" "{name}" {{
                  bucket        = "${{local.prefix}}-bucket-{i}"
                  force_destroy = false
                  tags          = local.common_tags
                }}
            '''
        elif kind == "iam_role":
            body = f'''
                resource "aws_iam_role" "{name}" {{
                  name               = "${{local.prefix}}-role-{i}"
                  assume_role_policy = <<-EOF
                    {{
                      "Version": "2012-10-17",
                      "Statement": [{{
                        "Effect": "Allow",
                        "Principal": {{ "Service": "ecs-tasks.amazonaws.com" }},
                        "Action": "sts:AssumeRole",
                        "Condition": {{ "StringEquals": {{ "aws:SourceAccount": "${{data.aws_caller_identity.current.account_id}}" }} }}
                      }}]
                    }}
                  EOF
                }}
            '''
        elif kind == "iam_role_policy":
            body = f'''
                resource "aws_iam_role_policy" "{name}" {{
                  name = "policy-{i}"
                  role = aws_iam_role.r{max(i - 1, 1)}.id
                  policy = jsonencode({{
                    Version = "2012-10-17"
                    Statement = [
                      {{
                        Effect   = "Allow"
                        Action   = ["s3:GetObject", "s3:PutObject"]
                        Resource = ["${{aws_s3_bucket.r{max(i - 2, 1)}.arn}}/*"]
                      }},
                      {{
                        Effect   = "Allow"
                        Action   = "kms:Decrypt"
                        Resource = aws_kms_key.r{max(i - 3, 1)}.arn
                      }}
                    ]
                  }})
                }}
            '''
        elif kind == "kms_key":
            body = f'''
                resource "aws_kms_key" "{name}" {{
                  description             = "key {i}"
                  deletion_window_in_days = 30
                  enable_key_rotation     = true
                }}
            '''
        else:  # launch_template: heredoc with template directives
            body = f'''
                resource "aws_launch_template" "{name}" {{
                  name_prefix   = "lt-{i}-"
                  image_id      = "ami-0123456789abcdef0"
                  instance_type = var.env == "prod" ? "m6i.large" : "t3.micro"
                  user_data = base64encode(<<-EOT
                    #!/bin/bash
                    %{{ if var.env == "prod" ~}}
                    echo production
                    %{{ endif ~}}
                    %{{ for az in var.azs ~}}
                    echo ${{az}}
                    %{{ endfor ~}}
                  EOT
                  )
                }}
            '''
        rtype = re.search(r'resource "(\w+)"', body).group(1)
        expected[f"{rtype}.{name}"] = out.add(body)
    out.add('''
        output "subnet_ids" {
          value = aws_subnet.r1[*].id
        }
    ''')
    return out.text(), {"resources": expected, **nested}


CFN_KINDS = ["Subnet", "SecurityGroup", "Bucket", "Role", "Cluster", "TaskDef", "Key"]


def gen_cfn(n: int):
    """CloudFormation YAML with n resources, plus the same template as JSON.
    Returns (yaml_text, json_text, expected_yaml_lines, expected_json_lines)."""
    out = _Lines()
    out.add('''
        AWSTemplateFormatVersion: "2010-09-09"
        Description: Generated data-platform stack
        Parameters:
          Env:
            Type: String
            AllowedValues: [dev, prod]
            Default: prod
          VpcCidr:
            Type: String
            Default: 10.0.0.0/16
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
        Resources:
    ''')
    out.lines.pop()  # "Resources:" is followed directly by the resources
    exp: dict[str, int] = {}

    def ind(s):
        return textwrap.indent(textwrap.dedent(s).strip("\n"), "  ")

    for i in range(n):
        kind = CFN_KINDS[i % len(CFN_KINDS)]
        lid = f"{kind}{i}"
        p = max(i - 7, 0)
        if kind == "Subnet":
            body = f'''
                {lid}:
                  Type: AWS::EC2::Subnet
                  Properties:
                    VpcId: !Ref Vpc
                    CidrBlock: !Select [{i % 3}, !Cidr [!Ref VpcCidr, 6, 8]]
                    AvailabilityZone: !Select [{i % 3}, !GetAZs ""]
                    Tags:
                      - Key: Name
                        Value: !Sub "${{AWS::StackName}}-subnet-{i}"
            '''
        elif kind == "SecurityGroup":
            body = f'''
                {lid}:
                  Type: AWS::EC2::SecurityGroup
                  Properties:
                    GroupDescription: !Sub "SG {i} in ${{Env}}"
                    VpcId: !Ref Vpc
                    SecurityGroupIngress:
                      - IpProtocol: tcp
                        FromPort: 443
                        ToPort: 443
                        CidrIp: 10.0.0.0/8
                      - IpProtocol: tcp
                        FromPort: 5432
                        ToPort: 5432
                        SourceSecurityGroupId: !GetAtt SecurityGroup{max(i - 7, 1)}.GroupId
            '''
        elif kind == "Bucket":
            body = f'''
                {lid}:
                  Type: AWS::S3::Bucket
                  DeletionPolicy: Retain
                  Properties:
                    BucketName: !Sub "${{AWS::StackName}}-${{Env}}-{i}"
                    BucketEncryption:
                      ServerSideEncryptionConfiguration:
                        - ServerSideEncryptionByDefault:
                            SSEAlgorithm: aws:kms
                            KMSMasterKeyID: !GetAtt Key{max(i - 1, 6)}.Arn
                    VersioningConfiguration:
                      Status: !If [IsProd, Enabled, Suspended]
                    LoggingConfiguration: !If
                      - IsProd
                      - DestinationBucketName: !Ref Bucket{p}
                      - !Ref AWS::NoValue
            '''
        elif kind == "Role":
            body = f'''
                {lid}:
                  Type: AWS::IAM::Role
                  Properties:
                    RoleName: !Sub ${{AWS::StackName}}-role-{i}
                    AssumeRolePolicyDocument:
                      Version: "2012-10-17"
                      Statement:
                        - Effect: Allow
                          Principal: {{Service: ecs-tasks.amazonaws.com}}
                          Action: sts:AssumeRole
                    Policies:
                      - PolicyName: access
                        PolicyDocument:
                          Version: "2012-10-17"
                          Statement:
                            - Effect: Allow
                              Action: [s3:GetObject, s3:PutObject]
                              Resource: !Sub "arn:${{AWS::Partition}}:s3:::${{Bucket{max(i - 1, 2)}}}/*"
                            - Effect: Allow
                              Action: kms:Decrypt
                              Resource: !GetAtt [Key{max(i - 2, 6)}, Arn]
            '''
        elif kind == "Cluster":
            body = f'''
                {lid}:
                  Type: AWS::RDS::DBCluster
                  Properties:
                    Engine: aurora-postgresql
                    EngineVersion: "15.4"
                    MasterUsername: admin
                    ManageMasterUserPassword: true
                    StorageEncrypted: !If [IsProd, true, false]
                    KmsKeyId: !Ref Key{max(i - 3, 6)}
                    VpcSecurityGroupIds:
                      - !GetAtt SecurityGroup{max(i - 3, 1)}.GroupId
                    BackupRetentionPeriod: 7
            '''
        elif kind == "TaskDef":
            body = f'''
                {lid}:
                  Type: AWS::ECS::TaskDefinition
                  Properties:
                    Family: !Sub ${{AWS::StackName}}-task-{i}
                    Cpu: "512"
                    Memory: "1024"
                    NetworkMode: awsvpc
                    RequiresCompatibilities: [FARGATE]
                    ExecutionRoleArn: !GetAtt Role{max(i - 2, 3)}.Arn
                    ContainerDefinitions:
                      - Name: app
                        Image: !Sub "${{AWS::AccountId}}.dkr.ecr.${{AWS::Region}}.amazonaws.com/app:${{Env}}"
                        Essential: true
                        PortMappings:
                          - ContainerPort: 8080
                        Command:
                          - /bin/sh
                          - -c
                          - !Sub |
                            echo "starting in ${{Env}}"
                            exec /app/run --cluster ${{Cluster{max(i - 1, 4)}}}
            '''
        else:
            body = f'''
                {lid}:
                  Type: AWS::KMS::Key
                  Properties:
                    Description: >-
                      Key {i} for the
                      data platform
                    EnableKeyRotation: true
                    KeyPolicy:
                      Version: "2012-10-17"
                      Statement:
                        - Effect: Allow
                          Principal:
                            AWS: !Sub arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:root
                          Action: kms:*
                          Resource: "*"
            '''
        exp[lid] = out.next_line
        out.lines.extend(ind(body).split("\n"))
    out.lines.insert(out.lines.index("Resources:") + 1, "  Vpc:")
    out.lines.insert(out.lines.index("Resources:") + 2, "    Type: AWS::EC2::VPC")
    out.lines.insert(out.lines.index("Resources:") + 3, "    Properties: {CidrBlock: !Ref VpcCidr}")
    exp = {k: v + 3 for k, v in exp.items()}
    exp["Vpc"] = out.lines.index("Resources:") + 2
    out.add('''
        Outputs:
          VpcId:
            Value: !Ref Vpc
            Export:
              Name: !Sub "${AWS::StackName}-vpc"
    ''')
    ytext = out.text()
    jtext, jexp = cfn_yaml_to_json(ytext)
    return ytext, jtext, exp, jexp


def cfn_yaml_to_json(ytext: str):
    """Convert short-form tags to long form (Ref, Fn::X) and dump JSON with
    Resources as the last top-level key; return (json_text, resource lines)."""
    import yaml  # generator dependency; PyYAML is also a candidate

    class L(yaml.SafeLoader):
        pass

    def ctor(loader, suffix, node):
        if isinstance(node, yaml.ScalarNode):
            val = loader.construct_scalar(node)
            if suffix == "GetAtt":
                val = val.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            val = loader.construct_sequence(node, deep=True)
        else:
            val = loader.construct_mapping(node, deep=True)
        return {"Ref": val} if suffix == "Ref" else {f"Fn::{suffix}": val}

    L.add_multi_constructor("!", ctor)
    L.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                                 for k, v in L.yaml_implicit_resolvers.items()}
    data = yaml.load(ytext, Loader=L)
    data["Resources"] = data.pop("Resources")
    text = json.dumps(data, indent=2) + "\n"
    exp, inside = {}, False
    for no, line in enumerate(text.split("\n"), 1):
        if line == '  "Resources": {':
            inside = True
        elif inside:
            m = re.match(r'^    "(\w+)": \{$', line)
            if m:
                exp[m.group(1)] = no
    return text, exp


# --------------------------------------------------------------------------
# Neutral representations
#   HCL:  block = {"type", "labels", "line", "attrs": [attr], "blocks": [block]}
#         attr  = {"name", "line", "expr": ("tree", kinds:set, text) | ("str", text)}
#   YAML: node  = (kind "map"|"seq"|"scalar", line|None, tag|None, payload)
#         map payload = [(key_text, key_line|None, value_node)], seq = [node],
#         scalar = text
# --------------------------------------------------------------------------


class Skip(Exception):
    pass


def _need(*mods):
    out = []
    for m in mods:
        try:
            out.append(importlib.import_module(m))
        except Exception as e:  # ImportError, or a broken native extension
            raise Skip(f"`{m}` not importable ({e.__class__.__name__}: {e})")
    return out


def _ver(dist):
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "-"


class Adapter:
    name = "?"
    dists: tuple = ()
    import_stmt = ""
    structured_exprs = False

    def setup(self):  # import + one-time init
        pass

    def parse(self, text):  # native result
        raise NotImplementedError

    def walk(self, native):  # neutral result
        raise NotImplementedError

    def error_line(self, text):
        """(detected, line or None) for an invalid input."""
        try:
            native = self.parse(text)
        except Exception as e:  # noqa: BLE001 - we want any parser error
            m = re.search(r"(?:line[ :]*|:)(\d+)", str(e))
            line = getattr(getattr(e, "problem_mark", None), "line", None)
            if line is not None:
                return True, line + 1
            return True, int(m.group(1)) if m else None
        return self.native_error(native)

    def native_error(self, native):
        return False, None

    def versions(self):
        return ", ".join(f"{d} {_ver(d)}" for d in self.dists)


# ---- HCL -----------------------------------------------------------------

TS_KINDS = {"variable_expr": "ref", "get_attr": "ref", "template_interpolation": "interp",
            "template_if": "directive", "template_for": "directive", "template_directive": "directive",
            "for_expr": "for", "splat": "splat", "conditional": "cond",
            "function_call": "call", "heredoc_template": "heredoc"}


class TreeSitterHcl(Adapter):
    name = "tree-sitter-hcl"
    dists = ("tree-sitter", "tree-sitter-hcl")
    import_stmt = "import tree_sitter, tree_sitter_hcl"
    structured_exprs = True

    def setup(self):
        ts, tsh = _need("tree_sitter", "tree_sitter_hcl")
        self.parser = ts.Parser(ts.Language(tsh.language()))

    def parse(self, text):
        return self.parser.parse(text.encode())

    def walk(self, tree):
        root = {"type": "<file>", "labels": [], "line": 1, "attrs": [], "blocks": []}
        for ch in tree.root_node.named_children:  # comments can precede the body
            if ch.type == "body":
                self._body(ch, root)
        return root

    def _body(self, body, into):
        for ch in body.named_children:
            if ch.type == "attribute":
                ident, expr = ch.named_children[0], ch.named_children[-1]
                kinds = set()
                stack = [expr]
                while stack:
                    n = stack.pop()
                    k = TS_KINDS.get(n.type)
                    if k:
                        kinds.add(k)
                    stack.extend(n.named_children)
                into["attrs"].append({"name": ident.text.decode(), "line": ch.start_point[0] + 1,
                                      "expr": ("tree", kinds, expr.text.decode())})
            elif ch.type == "block":
                kids = ch.named_children
                blk = {"type": kids[0].text.decode(), "line": ch.start_point[0] + 1,
                       "labels": [k.text.decode().strip('"') for k in kids[1:]
                                  if k.type in ("string_lit", "identifier")],
                       "attrs": [], "blocks": []}
                for k in kids:
                    if k.type == "body":
                        self._body(k, blk)
                into["blocks"].append(blk)

    def native_error(self, tree):
        if not tree.root_node.has_error:
            return False, None
        stack = [tree.root_node]
        while stack:
            n = stack.pop()
            if n.type == "ERROR" or n.is_missing:
                return True, n.start_point[0] + 1
            stack.extend(reversed(n.children))
        return True, None


def _as_text(v):
    return v if isinstance(v, str) else json.dumps(v)


def _hcl2_loads(hcl2, text):
    """python-hcl2 <8 takes with_meta=True; 8.x moved it to SerializationOptions."""
    try:
        return hcl2.loads(text, with_meta=True)
    except TypeError:
        from hcl2.utils import SerializationOptions
        return hcl2.loads(text, serialization_options=SerializationOptions(with_meta=True))


class PythonHcl2(Adapter):
    name = "python-hcl2 loads(with_meta)"
    dists = ("python-hcl2", "lark")
    import_stmt = "import hcl2"

    def setup(self):
        (self.hcl2,) = _need("hcl2")

    def parse(self, text):
        return _hcl2_loads(self.hcl2, text)

    def walk(self, d):
        root = {"type": "<file>", "labels": [], "line": 1, "attrs": [], "blocks": []}
        self._body(d, root)
        return root

    @staticmethod
    def _blockish(x):
        if not isinstance(x, dict) or not x:
            return False
        if x.get("__is_block__") or "__start_line__" in x:
            return True
        return all(PythonHcl2._blockish(v) for v in x.values())

    def _unwrap(self, x, labels):
        if x.get("__is_block__") or "__start_line__" in x:
            yield labels, x
        else:
            for k, v in x.items():
                yield from self._unwrap(v, labels + [k.strip('"')])

    def _body(self, d, into):
        for k, v in d.items():
            if k.startswith("__"):
                continue
            if isinstance(v, list) and v and all(self._blockish(x) for x in v):
                for item in v:
                    for labels, b in self._unwrap(item, []):
                        blk = {"type": k, "labels": labels, "line": b.get("__start_line__"),
                               "attrs": [], "blocks": []}
                        self._body(b, blk)
                        into["blocks"].append(blk)
            else:
                into["attrs"].append({"name": k, "line": None, "expr": ("str", _as_text(v))})


LARK_KINDS = {"get_attr_expr_term": "ref", "get_attr": "ref", "interpolation": "interp",
              "template_if_start": "directive", "template_for_start": "directive",
              "for_tuple_expr": "for", "for_object_expr": "for", "full_splat": "splat",
              "attr_splat": "splat", "conditional": "cond", "function_call": "call",
              "heredoc_template": "heredoc", "heredoc_template_trim": "heredoc"}


class PythonHcl2Lark(Adapter):
    name = "python-hcl2 parses_to_tree (Lark CST)"
    dists = ("python-hcl2", "lark")
    import_stmt = "import hcl2"
    structured_exprs = True

    def setup(self):
        (self.hcl2,) = _need("hcl2")
        if not hasattr(self.hcl2, "parses_to_tree"):
            raise Skip("this python-hcl2 has no parses_to_tree (needs >= 8)")
        from lark import Tree
        self.Tree = Tree

    def parse(self, text):
        return self.hcl2.parses_to_tree(text)

    def walk(self, tree):
        root = {"type": "<file>", "labels": [], "line": 1, "attrs": [], "blocks": []}
        self._body(tree.children[0], root)
        return root

    def _body(self, body, into):
        Tree = self.Tree
        for ch in body.children:
            if not isinstance(ch, Tree):
                continue
            if ch.data == "attribute":
                trees = [c for c in ch.children if isinstance(c, Tree)]
                name = "".join(trees[0].scan_values(lambda _: True))
                expr = trees[-1]
                kinds = {LARK_KINDS[t.data] for t in expr.iter_subtrees() if t.data in LARK_KINDS}
                text = "".join(str(v) for v in expr.scan_values(lambda _: True))
                into["attrs"].append({"name": name, "line": ch.meta.line,
                                      "expr": ("tree", kinds, text)})
            elif ch.data == "block":
                trees = [c for c in ch.children if isinstance(c, Tree)]
                blk = {"type": "".join(trees[0].scan_values(lambda _: True)), "line": ch.meta.line,
                       "labels": ["".join(str(v) for v in t.scan_values(lambda _: True)).strip('"')
                                  for t in trees[1:] if t.data in ("string", "identifier")],
                       "attrs": [], "blocks": []}
                for t in trees:
                    if t.data == "body":
                        self._body(t, blk)
                into["blocks"].append(blk)


TOP_LABELS = {"resource": 2, "data": 2, "variable": 1, "output": 1, "module": 1,
              "provider": 1, "locals": 0, "terraform": 0}


class PyGoHcl(Adapter):
    name = "pygohcl"
    dists = ("pygohcl",)
    import_stmt = "import pygohcl"

    def setup(self):
        (self.mod,) = _need("pygohcl")

    def parse(self, text):
        return self.mod.loads(text)

    def walk(self, d):
        # Go HCL JSON output has no block markers: top-level block types are
        # recognised by name; nested dicts / lists of dicts are *guessed* to
        # be blocks (an object-valued attribute like tags = {...} is
        # indistinguishable from a block).
        root = {"type": "<file>", "labels": [], "line": None, "attrs": [], "blocks": []}
        for k, v in d.items():
            if k in TOP_LABELS:
                for labels, b in self._labels(v, TOP_LABELS[k], []):
                    for item in (b if isinstance(b, list) else [b]):
                        blk = {"type": k, "labels": labels, "line": None, "attrs": [], "blocks": []}
                        self._body(item, blk)
                        root["blocks"].append(blk)
            else:
                root["attrs"].append({"name": k, "line": None, "expr": ("str", _as_text(v))})
        return root

    def _labels(self, v, n, labels):
        if n == 0 or not isinstance(v, dict):
            yield labels, v
        else:
            for k, sub in v.items():
                yield from self._labels(sub, n - 1, labels + [k])

    def _body(self, d, into):
        if not isinstance(d, dict):
            return
        for k, v in d.items():
            items = v if isinstance(v, list) and v and all(isinstance(x, dict) for x in v) else \
                [v] if isinstance(v, dict) and v else None
            if items is None:
                into["attrs"].append({"name": k, "line": None, "expr": ("str", _as_text(v))})
                continue
            for item in items:
                labels = []
                # dynamic "x" { ... } comes back as {"dynamic": {"x": {...}}}
                if k == "dynamic" and len(item) == 1:
                    (lab, item), = item.items()
                    labels = [lab]
                blk = {"type": k, "labels": labels, "line": None, "attrs": [], "blocks": []}
                self._body(item, blk)
                into["blocks"].append(blk)


HCL_ADAPTERS = [TreeSitterHcl, PythonHcl2, PythonHcl2Lark, PyGoHcl]

# ---- YAML / JSON ---------------------------------------------------------


class PyYamlCompose(Adapter):
    loader = "CSafeLoader"
    dists = ("PyYAML",)
    import_stmt = "import yaml; yaml.CSafeLoader"

    @property
    def name(self):
        return f"PyYAML compose ({self.loader})"

    def setup(self):
        (yaml,) = _need("yaml")
        if not hasattr(yaml, self.loader):
            raise Skip(f"PyYAML built without libyaml ({self.loader} missing)")
        self.yaml, self.L = yaml, getattr(yaml, self.loader)

    def parse(self, text):
        return self.yaml.compose(text, Loader=self.L)

    def walk(self, node):
        y = self.yaml
        tag = node.tag if node.tag.startswith("!") else None
        line = node.start_mark.line + 1
        if isinstance(node, y.MappingNode):
            return ("map", line, tag, [(k.value, k.start_mark.line + 1, self.walk(v))
                                       for k, v in node.value])
        if isinstance(node, y.SequenceNode):
            return ("seq", line, tag, [self.walk(v) for v in node.value])
        return ("scalar", line, tag, node.value)


class PyYamlPure(PyYamlCompose):
    loader = "SafeLoader"
    import_stmt = "import yaml"


class RuamelRT(Adapter):
    name = "ruamel.yaml round-trip"
    dists = ("ruamel.yaml",)
    import_stmt = "import ruamel.yaml"

    def setup(self):
        (ry,) = _need("ruamel.yaml")
        self.yaml = ry.YAML(typ="rt")
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
        self.CM, self.CS = CommentedMap, CommentedSeq

    def parse(self, text):
        return self.yaml.load(text)

    @staticmethod
    def _tag(x):
        t = getattr(x, "tag", None)
        v = getattr(t, "value", t)
        return v if isinstance(v, str) and v.startswith("!") else None

    def walk(self, x, line=None):
        if isinstance(x, self.CM):
            items = []
            for k, v in x.items():
                try:
                    kl, vl = x.lc.key(k)[0] + 1, x.lc.value(k)[0] + 1
                except Exception:  # merged keys, missing line data
                    kl = vl = None
                items.append((str(k), kl, self.walk(v, vl)))
            return ("map", x.lc.line + 1, self._tag(x), items)
        if isinstance(x, self.CS):
            out = []
            for i, v in enumerate(x):
                try:
                    il = x.lc.item(i)[0] + 1
                except Exception:
                    il = None
                out.append(self.walk(v, il))
            return ("seq", x.lc.line + 1, self._tag(x), out)
        tag = self._tag(x)
        if tag is not None:
            x = x.value
        if isinstance(x, bool):
            x = "true" if x else "false"
        return ("scalar", line, tag, "" if x is None else str(x))


class RapidYaml(Adapter):
    name = "rapidyaml (ryml)"
    dists = ("rapidyaml",)
    import_stmt = "import ryml"

    def setup(self):
        (self.ryml,) = _need("ryml")
        import ctypes

        class Py_buffer(ctypes.Structure):
            _fields_ = [("buf", ctypes.c_void_p), ("obj", ctypes.c_void_p),
                        ("len", ctypes.c_ssize_t), ("itemsize", ctypes.c_ssize_t),
                        ("readonly", ctypes.c_int), ("ndim", ctypes.c_int),
                        ("format", ctypes.c_char_p), ("shape", ctypes.c_void_p),
                        ("strides", ctypes.c_void_p), ("suboffsets", ctypes.c_void_p),
                        ("internal", ctypes.c_void_p)]
        get = ctypes.pythonapi.PyObject_GetBuffer
        get.argtypes = [ctypes.py_object, ctypes.POINTER(Py_buffer), ctypes.c_int]
        rel = ctypes.pythonapi.PyBuffer_Release
        rel.argtypes = [ctypes.POINTER(Py_buffer)]

        def addr(obj):
            b = Py_buffer()
            get(obj, ctypes.byref(b), 0)
            a = b.buf
            rel(ctypes.byref(b))
            return a
        self.addr = addr

    def parse(self, text):
        # ryml's Python API exposes no node locations; we parse in place and
        # recover offsets by pointer arithmetic on the returned memoryviews.
        src = text.encode()
        buf = bytearray(src)
        tree = self.ryml.parse_in_place(buf)
        tree.resolve()  # expand aliases / merge keys
        return tree, buf, src

    def error_line(self, text):
        # ryml prints its parse errors on fd 2; keep the report clean
        saved = os.dup(2)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 2)
                try:
                    self.ryml.parse_in_arena(text.encode())
                except Exception as e:  # noqa: BLE001
                    loc = getattr(getattr(e, "errdata_parse", None), "ymlloc", None)
                    return True, getattr(loc, "line", None)
                return False, None
        finally:
            os.dup2(saved, 2)
            os.close(saved)

    def walk(self, native):
        t, buf, src = native
        base = self.addr(buf)
        nl = [i for i, c in enumerate(src) if c == 10]

        def line_of(mv):
            if mv is None or len(mv) == 0:
                return None
            return bisect.bisect_right(nl, self.addr(mv) - base - 1) + 1

        def tag_of(node):
            if t.has_val_tag(node):
                s = bytes(t.val_tag(node)).decode()
                return s if s.startswith("!") and not s.startswith("!!") else None
            return None

        def conv(node):
            if t.is_map(node):
                items, first = [], None
                for ch in self.ryml.children(t, node):
                    k = t.key(ch)
                    kl = line_of(k)
                    first = first or kl
                    items.append((bytes(k).decode(), kl, conv(ch)))
                return ("map", first, tag_of(node), items)
            if t.is_seq(node):
                kids = [conv(ch) for ch in self.ryml.children(t, node)]
                return ("seq", kids[0][1] if kids else None, tag_of(node), kids)
            v = t.val(node) if t.has_val(node) else None
            return ("scalar", line_of(v), tag_of(node),
                    "" if v is None else bytes(v).decode())

        root = t.root_id()
        if t.is_stream(root):
            root = t.first_child(root)
        return conv(root)


class JsonLoads(Adapter):
    name = "json.loads (stdlib)"
    dists = ()
    import_stmt = "import json"

    def parse(self, text):
        return json.loads(text)

    def walk(self, x):
        if isinstance(x, dict):
            return ("map", None, None, [(k, None, self.walk(v)) for k, v in x.items()])
        if isinstance(x, list):
            return ("seq", None, None, [self.walk(v) for v in x])
        if isinstance(x, bool):
            x = "true" if x else "false"
        return ("scalar", None, None, "" if x is None else str(x))

    def versions(self):
        return f"stdlib (Python {platform.python_version()})"


YAML_ADAPTERS = [PyYamlCompose, PyYamlPure, RuamelRT, RapidYaml]
JSON_ADAPTERS = [PyYamlCompose, PyYamlPure, RuamelRT, RapidYaml, JsonLoads]

# --------------------------------------------------------------------------
# Tricky cases
# --------------------------------------------------------------------------


def hcl_find(b, name):
    for a in b["attrs"]:
        if a["name"] == name:
            return a
    for c in b["blocks"]:
        r = hcl_find(c, name)
        if r:
            return r
    return None


def hcl_blocks(b, typ):
    out = [c for c in b["blocks"] if c["type"] == typ]
    for c in b["blocks"]:
        out += hcl_blocks(c, typ)
    return out


def _expr_check(doc, names, need_kinds, text_has=()):
    """ok = parsed as a tree with the expected node kinds; str = value kept
    but only as a string to re-parse; FAIL otherwise."""
    status = "ok"
    for n, needle in zip(names, list(text_has) + [None] * len(names)):
        a = hcl_find(doc, n)
        if a is None:
            return f"FAIL: attribute {n} missing"
        if needle and needle not in a["expr"][-1]:
            return f"FAIL: {n} lost {needle!r}: {a['expr'][-1][:60]!r}"
        if a["expr"][0] != "tree" or not need_kinds <= a["expr"][1]:
            status = "str"
    return status


HCL_CASES = [
    ("heredoc", '''
resource "aws_iam_role" "r" {
  assume_role_policy = <<EOF
{"Version": "2012-10-17", "Principal": "${var.svc}"}
EOF
  description = <<-EOT
    indented ${var.env}
    EOT
}
''', lambda d: _expr_check(d, ["assume_role_policy", "description"], {"heredoc", "interp"},
                           ['"Version"', "indented"])),
    ("%{ } directives", '''
resource "aws_instance" "i" {
  user_data = <<-EOT
    %{ if var.on ~}
    echo on
    %{ endif ~}
    %{ for s in var.l }${s}%{ endfor }
  EOT
  name = "%{ if var.a }x%{ else }y%{ endif }"
}
''', lambda d: _expr_check(d, ["user_data", "name"], {"directive"}, ["if var.on", "else"])),
    ("for-exprs", '''
locals {
  a = [for s in var.l : upper(s) if s != ""]
  b = { for k, v in var.m : v.group => k... if v != null }
}
''', lambda d: _expr_check(d, ["a", "b"], {"for"}, ["upper", "..."])),
    ("splats", '''
output "o" {
  value = aws_subnet.p[*].id
  old   = aws_subnet.p.*.id
  deep  = var.x[0].y[*].z
}
''', lambda d: _expr_check(d, ["value", "old", "deep"], {"splat"}, ["[*]", "*", "[*]"])),
    ("nested blocks", '''
resource "aws_security_group" "sg" {
  tags = { Name = "x" }
  ingress {
    from_port = 443
  }
  ingress {
    from_port = 5432
  }
  dynamic "egress" {
    for_each = var.rules
    content {
      from_port = egress.value
    }
  }
  lifecycle {
    create_before_destroy = true
  }
}
''', lambda d: _nested_check(d)),
    ("interp vs literal", '''
resource "aws_s3_bucket" "b" {
  a = "${var.x}-name"
  b = "var.x-name"
  c = aws_kms_key.x.id
  d = "aws_kms_key.x.id"
}
''', lambda d: _interp_check(d)),
    ("escapes $${ %%{", '''
locals {
  a = "$${not_interp}"
  b = "%%{not_directive}"
}
''', lambda d: _escape_check(d)),
    ("comments + lines", '''# leading comment
variable "v" { default = 1 }
/* multi
   line */
locals {
  // comment
  x = 1 # trailing
  y = [
    1,
    2,
  ]
  z = "after"
}
''', lambda d: _line_check(d, {"default": 2, "x": 7, "y": 8, "z": 12}, {"variable": 2, "locals": 5})),
]


def _nested_check(d):
    sg = hcl_blocks(d, "resource")
    if not sg:
        return "FAIL: resource missing"
    sg = sg[0]
    got = sorted(b["type"] for b in sg["blocks"])
    want = ["dynamic", "ingress", "ingress", "lifecycle"]
    if got != want:
        return f"FAIL: blocks {got}"
    if [a["name"] for a in sg["attrs"]] != ["tags"]:
        return f"FAIL: attrs {[a['name'] for a in sg['attrs']]}"
    dyn = [b for b in sg["blocks"] if b["type"] == "dynamic"][0]
    if dyn["labels"] != ["egress"] or [b["type"] for b in dyn["blocks"]] != ["content"]:
        return "FAIL: dynamic/content"
    return "ok"


def _interp_check(d):
    vals = {n: hcl_find(d, n)["expr"] for n in "abcd"}
    if vals["a"][-1] == vals["b"][-1] or vals["c"][-1] == vals["d"][-1]:
        return f"FAIL: {vals['a'][-1]!r} == {vals['b'][-1]!r}, {vals['c'][-1]!r} == {vals['d'][-1]!r}"
    if vals["c"][0] == "tree" and "ref" in vals["c"][1] and "ref" not in vals["d"][1] \
            and "interp" in vals["a"][1] and "interp" not in vals["b"][1]:
        return "ok"
    return "str"


def _escape_check(d):
    a, b = hcl_find(d, "a")["expr"], hcl_find(d, "b")["expr"]
    if a[0] == "tree":
        return "FAIL: escape parsed as template" if {"interp", "directive"} & (a[1] | b[1]) else "ok"
    return "str"


def _line_check(d, attrs, blocks):
    bad = []
    for n, want in attrs.items():
        a = hcl_find(d, n)
        if a is None:
            return f"FAIL: {n} missing"
        if a["line"] != want:
            bad.append(f"{n}@{a['line']}")
    for t, want in blocks.items():
        b = hcl_blocks(d, t)
        if not b:
            return f"FAIL: block {t} missing"
        if b[0]["line"] != want:
            bad.append(f"{t}@{b[0]['line']}")
    if not bad:
        return "ok"
    if all(x.endswith("@None") for x in bad):
        return "parsed, no lines"
    return "FAIL: wrong lines " + " ".join(bad)


HCL_INVALID = 'resource "a" "b" {\n  x = 1\n  y = \n  z = 3\n}\n'


def y_get(node, *path):
    for p in path:
        if node is None:
            return None
        if node[0] == "map":
            node = next((v for k, _, v in node[3] if k == p), None)
        elif node[0] == "seq" and isinstance(p, int):
            node = node[3][p] if p < len(node[3]) else None
        else:
            return None
    return node


def _tags_check(d):
    want = {"A": "!Ref", "B": "!Sub", "C": "!GetAtt", "D": "!If", "E": "!Select",
            "F": "!Join", "G": "!Base64", "H": "!Sub", "I": "!Transform"}
    bad = [f"{k}:{(y_get(d, 'P', k) or (0, 0, None))[2]}" for k, w in want.items()
           if (y_get(d, "P", k) or (0, 0, None))[2] != w]
    inner = y_get(d, "P", "E", 1)
    if inner is None or inner[2] != "!GetAZs":
        bad.append("nested !GetAZs")
    if (y_get(d, "P", "C") or (0, 0, 0, ""))[3] != "K.Arn":
        bad.append("GetAtt text")
    return "ok" if not bad else "FAIL: " + " ".join(bad)


def _scalar_check(d, want):
    bad = []
    for k, w in want.items():
        n = y_get(d, k)
        if n is None or n[3] != w:
            bad.append(f"{k}={None if n is None else n[3]!r}")
    return "ok" if not bad else "FAIL: " + " ".join(bad)


def _key_lines_check(d, want):
    got = {}

    def rec(n):
        if n[0] == "map":
            for k, kl, v in n[3]:
                got.setdefault(k, kl)
                rec(v)
        elif n[0] == "seq":
            for v in n[3]:
                rec(v)
    rec(d)
    bad = [f"{k}@{got.get(k)}" for k, w in want.items() if got.get(k) != w]
    if not bad:
        return "ok"
    if all(x.endswith("@None") for x in bad):
        return "parsed, no lines"
    return "FAIL: " + " ".join(bad)


def _dup_check(d):
    keys = [k for k, _, _ in d[3]]
    return "ok" if keys.count("A") == 2 else "FAIL: silently kept one of two duplicate keys"


def _anchor_check(d):
    a, b = y_get(d, "base"), y_get(d, "copy")
    if a is None or b is None or a[3] != b[3]:
        return "FAIL: alias not resolved"
    m = y_get(d, "merged")
    if m is None:
        return "FAIL: merge"
    keys = [k for k, _, _ in m[3]]
    return "ok" if "<<" in keys or "x" in keys else f"FAIL: merge keys {keys}"


YAML_CASES = [
    ("short-form tags", '''
P:
  A: !Ref Bucket
  B: !Sub "${AWS::StackName}-x"
  C: !GetAtt K.Arn
  D: !If [IsProd, !Ref A, !Ref "AWS::NoValue"]
  E: !Select [0, !GetAZs ""]
  F: !Join ["", [a, !Ref B]]
  G: !Base64 {"Fn::Sub": "x"}
  H: !Sub
    - "${a}-b"
    - a: !Ref A
  I: !Transform {Name: "AWS::Include"}
''', _tags_check),
    ("multi-line strings", '''
lit: |
  line1
    line2
fold: >-
  a
  b
sub: !Sub |
  echo ${Env}
dq: "a
  b"
''', lambda d: _scalar_check(d, {"lit": "line1\n  line2\n", "fold": "a b",
                                 "sub": "echo ${Env}\n", "dq": "a b"})),
    ("anchors/aliases/merge", '''
base: &b
  x: 1
copy: *b
merged:
  <<: *b
  y: 2
''', _anchor_check),
    ("YAML 1.1 scalars kept as written", '''
on: yes
v: 2012-10-17
o: 0800
n: ~
f: 1.0
''', lambda d: _scalar_check(d, {"on": "yes", "v": "2012-10-17", "o": "0800", "n": "~",
                                 "f": "1.0"})),
    ("duplicate keys", '''
A: 1
A: 2
''', _dup_check),
    ("key lines", '''Resources:
  B:
    Type: AWS::S3::Bucket

    Properties:
      Tags:
        - Key: k
          Value: !Ref X
      Flow: {Inner: 1,
             Next: 2}
''', lambda d: _key_lines_check(d, {"Resources": 1, "B": 2, "Type": 3, "Properties": 5,
                                    "Tags": 6, "Key": 7, "Value": 8, "Flow": 9, "Inner": 9,
                                    "Next": 10})),
]

JSON_CASES = [
    ("tab-indented", '{\n\t"A": {\n\t\t"B": 1\n\t}\n}\n',
     lambda d: "ok" if (y_get(d, "A", "B") or (0, 0, 0, 0))[3] == "1" else "FAIL"),
    ("escapes \\/ \\u00e9", '{"a": "x\\/y", "e": "\\u00e9"}\n',
     lambda d: _scalar_check(d, {"a": "x/y", "e": "\u00e9"})),
    ("surrogate pair \\ud83d\\ude00", '{"e": "\\ud83d\\ude00"}\n',
     lambda d: _scalar_check(d, {"e": "\U0001F600"})),
    ("key lines", '{\n  "R": {\n    "T": "x",\n    "P": {"K": 1,\n          "L": [1, 2]}\n  }\n}\n',
     lambda d: _key_lines_check(d, {"R": 2, "T": 3, "P": 4, "K": 4, "L": 5})),
    ("duplicate keys", '{"A": 1, "A": 2}\n', _dup_check),
]

YAML_INVALID = "A:\n  B: 1\n  C: [1, 2\n  D: 3\n"

# --------------------------------------------------------------------------
# Measurement
# --------------------------------------------------------------------------


def timed(fn, repeat):
    ts = []
    res = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = fn()
        ts.append(time.perf_counter() - t0)
    return res, min(ts), statistics.median(ts)


def fmt_s(x):
    return "-" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")


def count_hcl(doc):
    blocks = attrs = bl = al = ref_tree = ref_total = 0
    stack = [doc]
    while stack:
        b = stack.pop()
        for a in b["attrs"]:
            attrs += 1
            al += a["line"] is not None
        for c in b["blocks"]:
            blocks += 1
            bl += c["line"] is not None
            stack.append(c)
    return blocks, attrs, bl, al


def count_yaml(node):
    keys = kl = nodes = nl = 0
    stack = [node]
    while stack:
        n = stack.pop()
        nodes += 1
        nl += n[1] is not None
        if n[0] == "map":
            for _, l, v in n[3]:
                keys += 1
                kl += l is not None
                stack.append(v)
        elif n[0] == "seq":
            stack.extend(n[3])
    return keys, kl, nodes, nl


def pct(a, b):
    return "0" if b == 0 else ("all" if a == b else f"{100 * a / b:.0f}%")


def check_hcl_big(doc, expected):
    res = {}
    for b in doc["blocks"]:
        if b["type"] == "resource" and len(b["labels"]) == 2:
            res[".".join(b["labels"])] = b["line"]
    want = expected["resources"]
    found = sum(1 for k in want if k in res)
    right = sum(1 for k, l in want.items() if res.get(k) == l)
    ing = len(hcl_blocks(doc, "ingress"))
    parts = [f"{found}/{len(want)} resources"]
    parts.append(f"lines {right}/{len(want)} right" if right else "no lines")
    parts.append(f"ingress {ing}/{expected['ingress']}")
    return ", ".join(parts)


def check_yaml_big(doc, expected):
    res = y_get(doc, "Resources")
    got = {k: l for k, l, _ in res[3]} if res else {}
    found = sum(1 for k in expected if k in got)
    right = sum(1 for k, l in expected.items() if got.get(k) == l)
    return f"{found}/{len(expected)} resources, " + \
        (f"lines {right}/{len(expected)} right" if right else "no lines")


def run_suite(title, adapters, big_text, big_expected, small_text, cases, invalid, kind,
              repeat, rows, tricky_rows, skipped):
    for cls in adapters:
        ad = cls()
        try:
            ad.setup()
        except Skip as e:
            skipped.append(f"{ad.name} on {title}: {e}")
            continue
        try:
            native, p_min, p_med = timed(lambda: ad.parse(big_text), repeat)
            doc, w_min, w_med = timed(lambda: ad.walk(ad.parse(big_text)), repeat)
        except Exception as e:  # noqa: BLE001
            rows.append([title, ad.name, "error", "", "", "", "", "", f"{type(e).__name__}: {e}"[:80]])
            continue
        if kind == "hcl":
            blocks, attrs, bl, al = count_hcl(doc)
            a_col, b_col = pct(al, attrs), pct(bl, blocks)
            c_col = "yes" if ad.structured_exprs else "no (strings)"
            correct = check_hcl_big(doc, big_expected)
        else:
            keys, kl, nodes, nl = count_yaml(doc)
            a_col, b_col = pct(kl, keys), pct(nl, nodes)
            c_col = "tags kept" if title.startswith("CFN YAML") else "n/a"
            correct = check_yaml_big(doc, big_expected)
        _, s_min, _ = timed(lambda: ad.walk(ad.parse(small_text)), repeat)
        rows.append([title, ad.name, f"{fmt_s(p_min)} / {fmt_s(p_med)}",
                     f"{fmt_s(w_min)} / {fmt_s(w_med)}", f"{s_min * 1000:.2f}",
                     a_col, b_col, c_col, correct])
        trow = [title, ad.name]
        for cname, src, check in cases:
            try:
                trow.append(check(ad.walk(ad.parse(src.lstrip("\n") if kind == "hcl" else src.lstrip("\n")))))
            except Exception as e:  # noqa: BLE001
                msg = str(e).replace("\n", " ")
                if cname == "duplicate keys" and "Duplicate" in type(e).__name__:
                    trow.append(f"raises {type(e).__name__} (file rejected)")
                else:
                    trow.append(f"FAIL: {type(e).__name__}: {msg}"[:70])
        det, line = ad.error_line(invalid)
        trow.append(("detected" + (f" @line {line}" if line else ", no line")) if det else "FAIL: accepted")
        tricky_rows.append(trow)


COLD_SNIPPETS = {
    "tree-sitter-hcl": ("import tree_sitter, tree_sitter_hcl",
                        "p = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language())); p.parse(S.encode())", "hcl"),
    "python-hcl2": ("import hcl2", "hcl2.loads(S)", "hcl"),
    "pygohcl": ("import pygohcl", "pygohcl.loads(S)", "hcl"),
    "PyYAML CSafeLoader": ("import yaml", "yaml.compose(S, Loader=yaml.CSafeLoader)", "yaml"),
    "PyYAML SafeLoader": ("import yaml", "yaml.compose(S, Loader=yaml.SafeLoader)", "yaml"),
    "ruamel.yaml rt": ("import ruamel.yaml", "ruamel.yaml.YAML(typ='rt').load(S)", "yaml"),
    "rapidyaml": ("import ryml", "ryml.parse_in_arena(S.encode())", "yaml"),
    "json": ("import json", "json.loads(S)", "json"),
}


def cold_start(small, repeat):
    rows = []
    py = sys.executable

    def run(code):
        t0 = time.perf_counter()
        r = subprocess.run([py, "-c", code], capture_output=True, text=True)
        return time.perf_counter() - t0, r

    base = min(run("pass")[0] for _ in range(repeat))
    rows.append(["(bare interpreter)", f"{base * 1000:.0f}", "-", "-", "-"])
    for name, (imp, first, kind) in COLD_SNIPPETS.items():
        wall, ins_imp, ins_parse, err = [], [], [], None
        code = ("import sys, time\nS = sys.stdin.read() if False else " + repr(small[kind]) + "\n"
                "t0 = time.perf_counter()\n" + imp + "\n"
                "t1 = time.perf_counter()\n" + first + "\n"
                "t2 = time.perf_counter()\nprint(t1 - t0, t2 - t1)\n")
        for _ in range(repeat):
            w, r = run(imp)
            if r.returncode:
                err = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "failed"
                break
            wall.append(w)
            _, r2 = run(code)
            if r2.returncode:
                err = r2.stderr.strip().splitlines()[-1]
                break
            a, b = map(float, r2.stdout.split())
            ins_imp.append(a)
            ins_parse.append(b)
        if err:
            rows.append([name, "skipped", "-", "-", err[:60]])
        else:
            rows.append([name, f"{min(wall) * 1000:.0f}", f"{(min(wall) - base) * 1000:.0f}",
                         f"{min(ins_imp) * 1000:.1f}", f"{min(ins_parse) * 1000:.2f}"])
    return rows


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--resources", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip-cold", action="store_true", help="skip the subprocess cold-start table")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be >= 1")

    tf, tf_exp = gen_terraform(args.resources)
    tf_small, _ = gen_terraform(1)
    try:
        cfn_y, cfn_j, y_exp, j_exp = gen_cfn(args.resources)
        small_y, small_j, _, _ = gen_cfn(1)
    except ImportError:
        print("PyYAML is needed to generate the CloudFormation inputs; YAML/JSON skipped.")
        cfn_y = None

    print("# stackcheck parser comparison\n")
    print(f"- machine: {platform.machine()}, nproc {os.cpu_count()}, "
          f"Python {platform.python_version()} ({platform.python_implementation()}), {platform.system()}")
    print(f"- runs per measurement: {args.repeat}; times are wall seconds, min / median")
    print(f"- inputs: Terraform {args.resources} resources ({len(tf.splitlines())} lines, "
          f"{len(tf) // 1024} KiB)" + (
              f"; CFN YAML {args.resources + 1} resources ({len(cfn_y.splitlines())} lines, "
              f"{len(cfn_y) // 1024} KiB); same as JSON ({len(cfn_j.splitlines())} lines, "
              f"{len(cfn_j) // 1024} KiB)" if cfn_y else ""))
    rows, tricky_h, tricky_y, tricky_j, skipped = [], [], [], [], []
    run_suite("Terraform", HCL_ADAPTERS, tf, tf_exp, tf_small, HCL_CASES, HCL_INVALID, "hcl",
              args.repeat, rows, tricky_h, skipped)
    if cfn_y:
        run_suite("CFN YAML", YAML_ADAPTERS, cfn_y, y_exp, small_y, YAML_CASES, YAML_INVALID,
                  "yaml", args.repeat, rows, tricky_y, skipped)
        run_suite("CFN JSON", JSON_ADAPTERS, cfn_j, j_exp, small_j, JSON_CASES, '{"a": [1, 2}\n',
                  "json", args.repeat, rows, tricky_j, skipped)

    print("\n## Speed and what each parser gives (big inputs)\n")
    print("(a) = share of attributes/keys with a line; (b) = share of blocks / YAML nodes with a "
          "line; (c) = expressions as a tree. parse+walk = parse, then build the neutral tree "
          "(every block/attribute/key with line and expression kinds) in Python. "
          "Correctness: resources found and their lines vs the generator.\n")
    print(md_table(["input", "parser", "parse s", "parse+walk s", "1-resource ms",
                    "(a) attr/key lines", "(b) block/node lines", "(c) expr tree", "correctness"],
                   rows))
    if tricky_h:
        print("\n## Tricky HCL inputs\n")
        print("ok = parsed, and the construct is in the tree; str = parsed, value kept only as a "
              "string to re-parse; FAIL = wrong or lost.\n")
        print(md_table(["input", "parser"] + [c[0] for c in HCL_CASES] + ["invalid input"], tricky_h))
    if tricky_y:
        print("\n## Tricky YAML inputs\n")
        print(md_table(["input", "parser"] + [c[0] for c in YAML_CASES] + ["invalid input"], tricky_y))
    if tricky_j:
        print("\n## Tricky JSON inputs\n")
        print(md_table(["input", "parser"] + [c[0] for c in JSON_CASES] + ["invalid input"], tricky_j))
    if not args.skip_cold:
        print("\n## Cold start (fresh interpreter per run, min of runs)\n")
        small = {"hcl": tf_small, "yaml": small_y if cfn_y else "", "json": small_j if cfn_y else "{}"}
        print(md_table(["candidate", "`python -c \"import X\"` ms", "minus bare python ms",
                        "in-process import ms", "first 1-resource parse ms"],
                       cold_start(small, args.repeat)))
    print("\n## Versions\n")
    seen = set()
    for cls in HCL_ADAPTERS + JSON_ADAPTERS:
        v = cls().versions()
        if v not in seen:
            seen.add(v)
            print(f"- {v}")
    if skipped:
        print("\n## Skipped\n")
        for s in skipped:
            print(f"- {s}")


if __name__ == "__main__":
    main()
