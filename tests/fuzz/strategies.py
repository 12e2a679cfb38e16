"""Hypothesis strategies for Terraform (native syntax and JSON) and CloudFormation documents.

Documents are built from the pieces real configurations use (resource types the rules know,
references, intrinsics, functions, templates, for expressions, dynamic blocks, modules) in random
shapes and nestings, so that they reach the evaluators and the rules, not only the parsers. A
share of them is then made malformed (a wrong shape where a mapping belongs, an unterminated
template, a truncated file).
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import strategies as st

from stackcheck.loaders.terraform.functions import FUNCTIONS

TF_TYPES = ["aws_s3_bucket", "aws_sqs_queue", "aws_kms_key", "aws_ecs_service", "aws_ecs_task_definition",
            "aws_lb_listener", "aws_lambda_function", "aws_db_instance", "aws_elasticache_replication_group",
            "aws_subnet", "aws_nat_gateway", "aws_security_group", "aws_iam_role", "aws_ecr_repository",
            "aws_apigatewayv2_integration", "aws_cloudwatch_log_group", "aws_s3_bucket_lifecycle_configuration"]
TF_ATTRS = ["name", "bucket", "kms_key_id", "kms_master_key_id", "arn", "tags", "count", "for_each", "cidr_block",
            "vpc_id", "subnet_id", "subnets", "image", "desired_count", "retention_in_days", "engine",
            "policy", "assume_role_policy", "container_definitions", "filter", "rule", "depends_on",
            "load_balancer", "target_group_arn", "port", "protocol", "at_rest_encryption_enabled", "uri"]
TF_BLOCKS = ["lifecycle", "rule", "filter", "load_balancer", "ingress", "egress", "tags", "network_configuration",
             "deployment_controller", "expiration", "setting"]
CFN_TYPES = ["AWS::S3::Bucket", "AWS::SQS::Queue", "AWS::KMS::Key", "AWS::ECS::Service", "AWS::ECS::TaskDefinition",
             "AWS::ElasticLoadBalancingV2::Listener", "AWS::Lambda::Function", "AWS::RDS::DBInstance",
             "AWS::ElastiCache::ReplicationGroup", "AWS::EC2::Subnet", "AWS::EC2::NatGateway",
             "AWS::IAM::Role", "AWS::ECR::Repository", "AWS::ApiGatewayV2::Integration", "AWS::Logs::LogGroup",
             "AWS::Foo::Bar", "Custom::Thing"]
CFN_PROPS = ["BucketName", "QueueName", "KmsKeyId", "KmsMasterKeyId", "Tags", "CidrBlock", "VpcId", "SubnetId",
             "Subnets", "Image", "DesiredCount", "RetentionInDays", "Engine", "PolicyDocument", "LoadBalancers",
             "TargetGroupArn", "Port", "Protocol", "AtRestEncryptionEnabled", "IntegrationUri", "LifecycleConfiguration",
             "Rules", "ContainerDefinitions", "TaskRoleArn", "Name", "Value", "Key"]
INTRINSICS = ["Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::If", "Fn::Equals", "Fn::And",
              "Fn::Or", "Fn::Not", "Fn::FindInMap", "Fn::Split", "Fn::Base64", "Fn::Cidr", "Fn::GetAZs",
              "Fn::ImportValue", "Fn::ToJsonString", "Fn::Length", "Condition", "Fn::Foo"]

names = st.sampled_from(["a", "b", "main", "this", "x", "0", "web", "db"])
texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
safe_texts = st.text(alphabet="abcXYZ019-_./:*${}%!\\\"' \n", max_size=16)
numbers = st.one_of(st.integers(-3, 5), st.sampled_from([0, 1, 1024, 2**31, 10**20, -1]),
                    st.floats(allow_nan=True, allow_infinity=True))

# -- Terraform native syntax -------------------------------------------------------------


def _hcl_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _number_text(v: float) -> str:
    if v != v or v in (float("inf"), float("-inf")):
        return "1e309"
    return repr(v) if isinstance(v, float) else str(v)


hcl_refs = st.one_of(
    st.builds(lambda n: f"var.{n}", names),
    st.builds(lambda n: f"local.{n}", names),
    st.builds(lambda t, n, a: f"{t}.{n}.{a}", st.sampled_from(TF_TYPES), names, st.sampled_from(TF_ATTRS)),
    st.builds(lambda t, n, a: f"{t}.{n}[0].{a}", st.sampled_from(TF_TYPES), names, st.sampled_from(TF_ATTRS)),
    st.builds(lambda t, n: f"{t}.{n}[*].arn", st.sampled_from(TF_TYPES), names),
    st.builds(lambda n, a: f"module.{n}.{a}", names, names),
    st.builds(lambda t, n: f"data.{t}.{n}.id", st.sampled_from(["aws_caller_identity", "aws_vpc"]), names),
    st.sampled_from(["count.index", "each.key", "each.value", "path.module", "terraform.workspace", "self.arn"]),
)

hcl_leaves = st.one_of(
    st.builds(_number_text, numbers),
    st.builds(_hcl_string, texts),
    st.builds(_hcl_string, safe_texts),
    st.sampled_from(["true", "false", "null"]),
    hcl_refs,
    st.builds(lambda r: f'"${{{r}}}"', hcl_refs),
    st.builds(lambda a, r, b: _hcl_string(a)[:-1] + "${" + r + "}" + _hcl_string(b)[1:], safe_texts, hcl_refs,
              safe_texts),
    st.builds(lambda r: f'"%{{if {r}}}yes%{{else}}no%{{endif}}"', hcl_refs),
    st.builds(lambda r: f'"%{{for x in {r}}}${{x}},%{{endfor}}"', hcl_refs),
    st.builds(lambda s: f"<<-EOT\n  {s}\n  EOT\n", st.text(alphabet="ab ${}:-", max_size=10)),
)


def _hcl_expr(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda xs: "[" + ", ".join(xs) + "]", st.lists(children, max_size=4)),
        st.builds(lambda kv: "{" + " ".join(f"{k} = {v}" for k, v in kv) + "}",
                  st.lists(st.tuples(st.sampled_from([*TF_ATTRS, '"quoted key"']), children), max_size=4)),
        st.builds(lambda f, xs: f"{f}({', '.join(xs)})", st.sampled_from([*sorted(FUNCTIONS), "file", "nosuch"]),
                  st.lists(children, max_size=3)),
        st.builds(lambda a, op, b: f"{a} {op} {b}", children,
                  st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"]), children),
        st.builds(lambda op, a: f"{op}{a}", st.sampled_from(["-", "!"]), children),
        st.builds(lambda c, a, b: f"{c} ? {a} : {b}", children, children, children),
        st.builds(lambda c, v: f"[for x in {c} : {v}]", children, children),
        st.builds(lambda c, v: f"{{for k, v in {c} : k => {v}}}", children, children),
        st.builds(lambda c, v: f"[for x in {c} : {v} if x != null]", children, children),
        st.builds(lambda e: f"({e})", children),
        st.builds(lambda e, i: f"{e}[{i}]", children, children),
        st.builds(lambda e: f"{e}.attr", children),
        st.builds(lambda e: f"{e}[*].id", children),
    )


hcl_exprs = st.recursive(hcl_leaves, _hcl_expr, max_leaves=12)


def _hcl_body(depth: int) -> st.SearchStrategy[str]:
    attr = st.builds(lambda k, v: f"{k} = {v}\n", st.sampled_from(TF_ATTRS), hcl_exprs)
    if depth <= 0:
        return st.builds("".join, st.lists(attr, max_size=5))
    block = st.builds(lambda k, b: f"{k} {{\n{b}}}\n", st.sampled_from(TF_BLOCKS), st.deferred(lambda: _hcl_body(depth - 1)))
    dynamic = st.builds(lambda k, c, b: f'dynamic "{k}" {{\nfor_each = {c}\ncontent {{\n{b}}}\n}}\n',
                        st.sampled_from(TF_BLOCKS), hcl_exprs, st.deferred(lambda: _hcl_body(depth - 1)))
    return st.builds("".join, st.lists(st.one_of(attr, attr, block, dynamic), max_size=6))


hcl_top_blocks = st.one_of(
    st.builds(lambda t, n, b: f'resource "{t}" "{n}" {{\n{b}}}\n', st.sampled_from(TF_TYPES), names, _hcl_body(2)),
    st.builds(lambda t, n, b: f'data "{t}" "{n}" {{\n{b}}}\n', st.sampled_from(["aws_vpc", "aws_iam_policy_document"]),
              names, _hcl_body(1)),
    st.builds(lambda kv: "locals {\n" + "".join(f"{k} = {v}\n" for k, v in kv) + "}\n",
              st.lists(st.tuples(names, hcl_exprs), max_size=4, unique_by=lambda t: t[0])),
    st.builds(lambda n, v: f'variable "{n}" {{\ndefault = {v}\n}}\n', names, hcl_exprs),
    st.builds(lambda n, v: f'variable "{n}" {{\ntype = {v}\n}}\n', names, st.sampled_from(["string", "list(string)",
                                                                                            "map(any)", "object({a=string})"])),
    st.builds(lambda n, v: f'output "{n}" {{\nvalue = {v}\n}}\n', names, hcl_exprs),
    st.builds(lambda n, s, kv: f'module "{n}" {{\nsource = {s}\n' + "".join(f"{k} = {v}\n" for k, v in kv) + "}\n",
              names, st.sampled_from(['"./m"', '"./m/.."', '"./"', '"hashicorp/x/aws"', "var.a", '"./nosuch"']),
              st.lists(st.tuples(names, hcl_exprs), max_size=3, unique_by=lambda t: t[0])),
    st.builds(lambda b: f"terraform {{\n{b}}}\n", st.sampled_from([
        'required_version = ">= 1.5"\n', 'backend "s3" {\nbucket = "b"\nuse_lockfile = true\n}\n',
        'required_providers {\naws = { source = "hashicorp/aws", version = "~> 5.0" }\n}\n'])),
)

hcl_documents = st.builds("".join, st.lists(hcl_top_blocks, min_size=1, max_size=5))


def malformed(doc: str, how: int, at: int) -> str:
    """Break a document one of a few ways (how), at a position chosen by the caller (at)."""
    pos = at % (len(doc) + 1)
    return [doc, doc[:pos], doc[:pos] + "${" + doc[pos:], doc[:pos] + "{" + doc[pos:],
            doc[:pos] + '"' + doc[pos:], doc + doc][how % 6]


# -- Terraform JSON syntax and CloudFormation --------------------------------------------

json_leaves = st.one_of(st.none(), st.booleans(), numbers.filter(lambda v: v == v and abs(v) != float("inf")),
                        texts, safe_texts,
                        st.builds(lambda r: "${" + r + "}", hcl_refs))


def _json_tree(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.lists(children, max_size=4),
                     st.dictionaries(st.sampled_from(TF_ATTRS + CFN_PROPS), children, max_size=4))


json_values = st.recursive(json_leaves, _json_tree, max_leaves=15)

tf_json_documents = st.fixed_dictionaries({}, optional={
    "resource": st.dictionaries(st.sampled_from(TF_TYPES), st.dictionaries(names, st.one_of(
        st.dictionaries(st.sampled_from(TF_ATTRS), json_values, max_size=5), json_values), max_size=2), max_size=3),
    "locals": st.one_of(st.dictionaries(names, json_values, max_size=3), json_values),
    "variable": st.dictionaries(names, st.one_of(st.fixed_dictionaries({"default": json_values}), json_values),
                                max_size=2),
    "output": st.dictionaries(names, st.fixed_dictionaries({"value": json_values}), max_size=2),
    "module": st.dictionaries(names, st.fixed_dictionaries({"source": st.sampled_from(["./m", "./m/..", 5])}), max_size=2),
    "terraform": json_values,
})


def _intrinsic(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    logical = st.sampled_from(["Bucket", "Queue", "Key", "Param", "AWS::Region", "AWS::NoValue", "Nope", "Cond"])
    args = st.one_of(
        logical,
        st.lists(st.one_of(logical, children), max_size=4),
        st.builds(lambda a, b: f"{a}.{b}", logical, st.sampled_from(["Arn", "KeyId", "Nope", "A.B"])),
        st.builds(lambda s: "${" + s + "}", st.one_of(logical, safe_texts)),
        st.builds(lambda s, m: [s, m], safe_texts, st.dictionaries(names, children, max_size=2)),
        children,
    )
    return st.builds(lambda fn, a: {fn: a}, st.sampled_from(INTRINSICS), args)


cfn_values = st.recursive(json_leaves, lambda c: st.one_of(_json_tree(c), _intrinsic(c)), max_leaves=15)


@st.composite
def cfn_templates(draw: st.DrawFn) -> dict[str, Any]:
    resources = draw(st.dictionaries(
        st.sampled_from(["Bucket", "Queue", "Key", "Service", "Listener", "Fn", "Nope"]),
        st.one_of(
            st.fixed_dictionaries({"Type": st.sampled_from(CFN_TYPES)}, optional={
                "Properties": st.one_of(st.dictionaries(st.sampled_from(CFN_PROPS), cfn_values, max_size=5),
                                        cfn_values),
                "Condition": st.one_of(st.sampled_from(["Cond", "Missing"]), cfn_values),
                "DependsOn": st.one_of(st.sampled_from(["Bucket", "Queue"]), st.lists(names, max_size=2), cfn_values),
                "DeletionPolicy": st.sampled_from(["Retain", "Delete", "Snapshot", 5]),
                "Metadata": cfn_values,
            }),
            cfn_values,
        ),
        max_size=4))
    doc: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
    doc.update(draw(st.fixed_dictionaries({}, optional={
        "Parameters": st.one_of(st.dictionaries(st.sampled_from(["Param", "Env"]), st.one_of(
            st.fixed_dictionaries({"Type": st.sampled_from(["String", "Number", "CommaDelimitedList",
                                                            "List<AWS::EC2::Subnet::Id>", "AWS::EC2::VPC::Id"])},
                                  optional={"Default": json_leaves}), cfn_values), max_size=2), cfn_values),
        "Conditions": st.one_of(st.dictionaries(st.sampled_from(["Cond", "Other"]), cfn_values, max_size=2), cfn_values),
        "Mappings": st.one_of(st.dictionaries(names, st.dictionaries(names, st.dictionaries(names, json_values,
                                                                                            max_size=2), max_size=2),
                                              max_size=2), cfn_values),
        "Outputs": st.one_of(st.dictionaries(names, st.one_of(st.fixed_dictionaries({"Value": cfn_values}), cfn_values),
                                             max_size=2), cfn_values),
        "Transform": st.sampled_from(["AWS::Serverless-2016-10-31", "AWS::LanguageExtensions"]),
    })))
    return doc


def dump(doc: Any, as_json: bool) -> str:
    if as_json:
        return json.dumps(doc, indent=1, allow_nan=True)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
