"""The Terraform loader: static evaluation, modules, count/for_each, unknowns with kinds."""

from __future__ import annotations

from stackcheck.model.values import ARN, KMS_KEY_ID, Unknown
from stackcheck.scan import load

MAIN = '''
variable "env" { default = "dev" }
variable "azs" { default = ["eu-west-1a", "eu-west-1b"] }
locals {
  prefix = "app-${var.env}"
  tags   = merge({ Owner = "data" }, { Env = upper(var.env) })
}
resource "aws_kms_key" "k" {}
resource "aws_subnet" "s" {
  count             = length(var.azs)
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index + 10)
  availability_zone = var.azs[count.index]
  tags              = local.tags
}
resource "aws_s3_bucket" "b" {
  for_each = toset(["raw", "curated"])
  bucket   = format("%s-%s", local.prefix, each.key)
}
resource "aws_rds_cluster" "c" {
  kms_key_id = aws_kms_key.k.id
  master_password = jsonencode({ a = aws_kms_key.k.arn })
  engine = "aurora-${lower("PostgreSQL")}"
  cluster_identifier = "%{ if var.env == "dev" }dev%{ else }prod%{ endif }-${join("-", [for z in var.azs : substr(z, -1, 1)])}"
}
module "net" {
  source = "./modules/net"
  name   = local.prefix
}
output "vpc" { value = module.net.vpc_name }
'''
MODULE = '''
variable "name" {}
resource "aws_vpc" "v" { tags = { Name = "${var.name}-vpc" } }
output "vpc_name" { value = aws_vpc.v.tags.Name }
'''


def test_static_evaluation(write):
    root = write({"main.tf": MAIN, "modules/net/main.tf": MODULE, "terraform.tfvars": 'env = "stg"\n'})
    stacks, errors = load([str(root)])
    assert errors == []
    assert len(stacks) == 1  # the module directory is not a root of its own
    stack = stacks[0]
    by = stack.by_address
    assert by["aws_subnet.s[1]"].attrs["cidr_block"] == "10.0.11.0/24"
    assert by["aws_subnet.s[1]"].attrs["availability_zone"] == "eu-west-1b"
    assert by["aws_subnet.s[0]"].attrs["tags"] == {"Owner": "data", "Env": "STG"}
    assert by['aws_s3_bucket.b["curated"]'].attrs["bucket"] == "app-stg-curated"
    cluster = by["aws_rds_cluster.c"]
    key_id = cluster.attrs["kms_key_id"]
    assert isinstance(key_id, Unknown) and key_id.kind == KMS_KEY_ID and key_id.target == "aws_kms_key.k"
    assert cluster.attrs["engine"] == "aurora-postgresql"
    assert cluster.attrs["cluster_identifier"] == "prod-a-b"
    assert cluster.references == {"aws_kms_key.k"}
    encoded = cluster.attrs["master_password"]
    assert encoded.value["a"].kind == ARN
    assert "module.net.aws_vpc.v" in by
    assert by["module.net.aws_vpc.v"].attrs["tags"] == {"Name": "app-stg-vpc"}
    out = stack.outputs[0].value  # a resource attribute stays unknown, addressed inside the module
    assert isinstance(out, Unknown) and out.target == "module.net.aws_vpc.v"
    assert "var.env" in by['aws_s3_bucket.b["raw"]'].refs_of("bucket")


def test_count_zero_and_unknown(write):
    root = write({"main.tf": '''
variable "on" { default = false }
variable "n" {}
resource "aws_sqs_queue" "off" { count = var.on ? 1 : 0 }
resource "aws_sqs_queue" "some" { count = var.n }
'''})
    stacks, _ = load([str(root)])
    addresses = [r.address for r in stacks[0].resources]
    assert addresses == ["aws_sqs_queue.some"]


def test_parse_error_names_file_and_line_and_other_inputs_still_load(write):
    root = write({"bad/main.tf": 'resource "aws_sqs_queue" "q" {\n  name = \n}\n',
                  "good/main.tf": 'resource "aws_sqs_queue" "q" { name = "ok" }\n'})
    stacks, errors = load([str(root / "bad"), str(root / "good")])
    assert [s.resources[0].attrs["name"] for s in stacks] == ["ok"]
    assert len(errors) == 1 and errors[0].file.endswith("bad/main.tf") and errors[0].line >= 2


def test_tf_json(write):
    root = write({"main.tf.json": '{"variable": {"env": {"default": "dev"}}, "resource": {"aws_ecr_repository":'
                                  ' {"r": {"name": "App-${var.env}", "depends_on": ["aws_kms_key.k"]}},'
                                  ' "aws_kms_key": {"k": {}}}}'})
    stacks, errors = load([str(root)])
    assert errors == []
    repo = stacks[0].by_address["aws_ecr_repository.r"]
    assert repo.attrs["name"] == "App-dev"
    assert repo.depends_on == ["aws_kms_key.k"]
    assert repo.line == 1
