"""SC101: a key ID, name or ID given where the provider or CloudFormation requires an ARN."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from stackcheck.data import load_json
from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import ARN, ID, KMS_KEY_ID, NAME, Unknown, as_list
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.schema.walk import cfn_schema

NOT_AN_ARN = {KMS_KEY_ID: "a KMS key ID", NAME: "a name", ID: "an ID"}


@cache
def _arn_arguments() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in load_json("tf_arn_arguments.json")["resources"].items()}


def _problem(value: object) -> tuple[str, str] | None:
    """(what the value is, how to fix it) when it cannot be an ARN."""
    if isinstance(value, Unknown):
        what = NOT_AN_ARN.get(value.kind or "")
        if what is None or value.kind == ARN:
            return None
        if value.target and value.target_type and value.target_type.startswith("aws_"):
            base = value.ref.rsplit(".", 1)[0] if "." in value.ref else value.ref
            return f"{what} ({value.ref})", f"{base}.arn"
        if value.target:
            return f"{what} (Ref {value.target} returns it)", f"!GetAtt {value.target}.Arn"
        return None
    if isinstance(value, str) and value and not value.startswith("arn:") and "${" not in value:
        return f'"{value}", which is not an ARN', "the resource's ARN (arn:aws:...)"
    return None


def _terraform(res: Resource) -> Iterator[Finding]:
    for path in _arn_arguments().get(res.type, ()):
        for value in as_list(res.get(path)):
            problem = _problem(value)
            if problem is None:
                continue
            what, fixed = problem
            literal = isinstance(value, str)
            yield RULE.finding(
                res, path,
                f"{path} is given {what}; the AWS provider validates this argument as an ARN, so "
                + ("terraform validate fails" if literal else "the apply fails once the value is known")
                + f' with "{path.rsplit(".", 1)[-1]}" (...) is an invalid ARN',
                f"pass the ARN: {path} = {fixed}",
            )
            break


def _cloudformation(res: Resource) -> Iterator[Finding]:
    schema = cfn_schema(res)
    if schema is None:
        return
    for name, spec in schema["p"].items():
        fmt = spec.get("f", "")
        if not fmt.endswith(".Arn") or spec.get("n") or name not in res.attrs:
            continue  # "n": the API documents that it takes a short name too (ECS taskRoleArn)
        for value in as_list(res.attrs[name]):
            problem = _problem(value)
            if problem is None or isinstance(value, str):
                continue  # literals: cfn-lint and CloudFormation report the pattern themselves
            what, fixed = problem
            yield RULE.finding(res, name, f"{name} must be an ARN ({fmt}) but is given {what}; CloudFormation "
                               "passes it to the service, which rejects it during the deployment",
                               f"use {fixed}")
            break


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in stack.resources:
        yield from (_terraform(res) if res.framework == "terraform" else _cloudformation(res))


RULE = Rule(
    id="SC101", name="reference-where-arn-required",
    title="Key ID, name or ID given where an ARN is required",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="Terraform: any argument that the AWS provider validates as an ARN (1,432 arguments in 519 resource "
          "types, found by probing provider 5.100.0) given a reference that yields a KMS key ID, a name or an "
          "ID (aws_kms_key.x.id, aws_iam_role.x.name, ...), or a literal that is not an ARN. Arguments that "
          "accept a key ID (Secrets Manager, Kinesis, S3 default encryption, ElastiCache) are not in the table "
          "and are left alone. CloudFormation: a property whose schema format is an ARN (e.g. "
          "AWS::IAM::Role.Arn) given !Ref of a resource whose Ref is a name or ID.",
    why="The provider runs verify.ValidARN on these arguments. While the referenced resource is still to be "
        "created the value is unknown and validation is skipped, so `terraform validate` and `plan` pass; the "
        "apply fails once the value is known. In CloudFormation, Ref of an IAM role is its name, of a KMS key "
        "its key ID; the service rejects them where an ARN is required.",
    error='Error: "kms_key_id" (665b6d11-3b39-44d4-9f84-68e51012bf76) is an invalid ARN: arn: invalid prefix',
    broken='resource "aws_rds_cluster" "aurora" {\n  kms_key_id = aws_kms_key.data.id\n}',
    fixed='resource "aws_rds_cluster" "aurora" {\n  kms_key_id = aws_kms_key.data.arn\n}',
    evidence=(
        "src/stackcheck/data/tf_arn_arguments.json: generated by tools/generate_arn_arguments.py, which runs "
        "terraform validate against provider 5.100.0 with a key ID in every string argument",
        "https://github.com/hashicorp/terraform-provider-aws/blob/0168cf6844f393420326f1426bf18ed357b56a77/internal/service/rds/cluster.go (kms_key_id: verify.ValidARN)",
        "https://github.com/terraform-aws-modules/terraform-aws-eks/issues/2381 (public report of the error)",
        "cfn-lint resource schemas: property formats such as AWS::IAM::Role.Arn (tools/generate_data.py cfnschema)",
    ),
    limits="CloudFormation properties whose API member (same service, same name in botocore) is documented "
           "to take a short name as well, such as ECS TaskRoleArn, are not judged (cfn-lint's E1041 reports "
           "them). A reference whose kind is not known (an `id` of a type not in loaders/terraform/kinds.py, a "
           "variable) is not judged.",
    check=check,
    origin="seed",
)
