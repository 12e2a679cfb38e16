"""Variants of the data-store rules (SC610-SC619) beyond the broken/fixed fixtures."""

from __future__ import annotations

from pathlib import Path

from stackcheck.model.engines import engine_family
from stackcheck.scan import scan


def findings(tmp_path: Path, text: str, rule_id: str, name: str = "main.tf") -> list:
    (tmp_path / name).write_text(text)
    result = scan([str(tmp_path)])
    assert not result.errors, result.errors
    return [f for f in result.findings if f.rule_id == rule_id]


def test_subnet_group_with_two_azs_from_a_list_is_accepted(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_subnet" "a" {
  vpc_id            = "vpc-1"
  cidr_block        = "10.0.0.0/24"
  availability_zone = "eu-west-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = "vpc-1"
  cidr_block        = "10.0.1.0/24"
  availability_zone = "eu-west-1b"
}
resource "aws_db_subnet_group" "g" {
  subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]
}
''', "SC610")
    assert got == []


def test_subnet_group_with_subnets_outside_the_stack_is_not_judged(tmp_path: Path) -> None:
    got = findings(tmp_path, 'resource "aws_db_subnet_group" "g" {\n  subnet_ids = ["subnet-1"]\n}\n', "SC610")
    assert got == []


def test_docdb_subnet_group_in_one_az(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_subnet" "a" {
  vpc_id            = "vpc-1"
  cidr_block        = "10.0.0.0/24"
  availability_zone = "eu-west-1a"
}
resource "aws_docdb_subnet_group" "g" {
  subnet_ids = [aws_subnet.a.id]
}
''', "SC610")
    assert len(got) == 1 and got[0].blocker


def test_provisioned_instance_in_a_cluster_without_scaling_is_fine(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_rds_cluster" "c" {
  engine = "aurora-postgresql"
}
resource "aws_rds_cluster_instance" "i" {
  cluster_identifier = aws_rds_cluster.c.id
  instance_class     = "db.r6g.large"
}
''', "SC611")
    assert got == []


def test_single_node_without_failover_is_fine_and_unknown_failover_is_not_judged(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
variable "failover" {
  type = bool
}
resource "aws_elasticache_replication_group" "a" {
  replication_group_id = "a"
  description          = "a"
  num_cache_clusters   = 1
}
resource "aws_elasticache_replication_group" "b" {
  replication_group_id       = "b"
  description                = "b"
  num_cache_clusters         = 1
  automatic_failover_enabled = var.failover
}
''', "SC612")
    assert got == []


def test_auth_token_with_tls_is_fine(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_elasticache_replication_group" "a" {
  replication_group_id       = "a"
  description                = "a"
  transit_encryption_enabled = true
  auth_token                 = "abcdefghijklmnop0123"
}
''', "SC613")
    assert got == []


def test_attribute_used_only_by_a_local_secondary_index_is_fine(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_dynamodb_table" "t" {
  name         = "t"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"
  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "S"
  }
  attribute {
    name = "created"
    type = "N"
  }
  local_secondary_index {
    name            = "by-created"
    range_key       = "created"
    projection_type = "KEYS_ONLY"
  }
}
''', "SC614")
    assert got == []


def test_key_without_definition(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_dynamodb_table" "t" {
  name         = "t"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "LockID"
  attribute {
    name = "UserId"
    type = "S"
  }
}
''', "SC614")
    assert len(got) == 1 and "LockID" in got[0].message and "UserId" in got[0].message


def test_provisioned_gsi_without_capacity(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_dynamodb_table" "t" {
  name           = "t"
  billing_mode   = "PROVISIONED"
  read_capacity  = 5
  write_capacity = 5
  hash_key       = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "email"
    type = "S"
  }
  global_secondary_index {
    name            = "by-email"
    hash_key        = "email"
    projection_type = "ALL"
  }
}
''', "SC615")
    assert len(got) == 1 and got[0].attribute == "global_secondary_index.0"


def test_redshift_single_node_with_node_count(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
Resources:
  W:
    Type: AWS::Redshift::Cluster
    Properties:
      ClusterType: single-node
      NodeType: ra3.xlplus
      NumberOfNodes: 1
      DBName: analytics
      MasterUsername: admin1
      ManageMasterPassword: true
''', "SC616", name="template.yaml")
    assert len(got) == 1 and got[0].attribute == "NumberOfNodes"


def test_replica_of_source_with_default_retention_is_fine(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_db_instance" "p" {
  engine         = "mysql"
  instance_class = "db.t4g.micro"
}
resource "aws_db_instance" "r" {
  replicate_source_db = aws_db_instance.p.identifier
  instance_class      = "db.t4g.micro"
}
''', "SC617")
    assert got == []


def test_gp3_iops_on_sql_server_and_large_volumes_is_fine(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_db_instance" "sql" {
  engine            = "sqlserver-se"
  instance_class    = "db.m6i.xlarge"
  storage_type      = "gp3"
  allocated_storage = 100
  iops              = 5000
}
resource "aws_db_instance" "pg" {
  engine             = "postgres"
  instance_class     = "db.m6g.large"
  storage_type       = "gp3"
  allocated_storage  = 400
  iops               = 12000
  storage_throughput = 500
}
''', "SC618")
    assert got == []


def test_oracle_gp3_threshold_is_200(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_db_instance" "ora" {
  engine             = "oracle-se2"
  instance_class     = "db.m6i.large"
  storage_type       = "gp3"
  allocated_storage  = 150
  storage_throughput = 250
}
''', "SC618")
    assert len(got) == 1 and got[0].attribute == "storage_throughput"


def test_engine_family() -> None:
    assert engine_family("oracle-ee-cdb") == "oracle"
    assert engine_family("aurora-postgresql") is None
    assert engine_family("postgres") == "postgres"


def test_final_snapshot_skipped_or_named_is_fine(tmp_path: Path) -> None:
    got = findings(tmp_path, '''
resource "aws_db_instance" "a" {
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  skip_final_snapshot = true
}
resource "aws_db_instance" "b" {
  engine                    = "postgres"
  instance_class            = "db.t4g.micro"
  final_snapshot_identifier = "b-final"
}
''', "SC619")
    assert got == []
