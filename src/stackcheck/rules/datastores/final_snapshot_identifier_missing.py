"""SC619: an RDS instance or cluster that Terraform cannot destroy: final snapshot on, but no snapshot name."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_bool
from stackcheck.rules.base import Context, Rule

# aws_docdb_cluster and aws_neptune_cluster share the provider logic and its error.
TYPES = ("aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster")


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for db in stack.of_type(*TYPES):
        if db.get("replicate_source_db") is not None:
            continue  # replicas are deleted without a final snapshot
        skip = db.get("skip_final_snapshot")
        if isinstance(skip, Unknown) or as_bool(skip) is True or db.get("final_snapshot_identifier") is not None:
            continue
        yield RULE.finding(
            db, "skip_final_snapshot",
            f"skip_final_snapshot is {'false' if skip is not None else 'not set (false)'} and no "
            "final_snapshot_identifier is given: the database deploys, but `terraform destroy` (or a replacement) "
            "stops with an error instead of deleting it",
            "set final_snapshot_identifier (e.g. \"${var.name}-final\") to keep a snapshot on deletion, or "
            "skip_final_snapshot = true for disposable environments",
        )


RULE = Rule(
    id="SC619", name="rds-final-snapshot-name-missing",
    title="RDS database that Terraform cannot destroy (no final snapshot name)",
    severity="medium", blocker=False, category="advisory",
    frameworks=("terraform",), stage="apply",
    finds="An aws_db_instance, aws_rds_cluster, aws_docdb_cluster or aws_neptune_cluster with skip_final_snapshot "
          "false or unset (the default is false) and no final_snapshot_identifier.",
    why="On delete the provider needs a name for the final snapshot and refuses to go on without one; the "
        "setting must be applied before a destroy can succeed, so a broken destroy needs an extra apply first.",
    error="final_snapshot_identifier is required when skip_final_snapshot is false | RDS Cluster "
          "final_snapshot_identifier is required when skip_final_snapshot is false",
    broken='resource "aws_db_instance" "app" {\n  engine = "postgres"\n  # skip_final_snapshot defaults to false\n}',
    fixed='resource "aws_db_instance" "app" {\n  engine                    = "postgres"\n'
          '  final_snapshot_identifier = "app-final"\n}',
    evidence=(
        "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/rds/instance.go "
        "(delete: final_snapshot_identifier is required when skip_final_snapshot is false)",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#skip_final_snapshot",
    ),
    limits="Terraform only: CloudFormation names the final snapshot itself (DeletionPolicy: Snapshot). Read "
           "replicas are skipped.",
    check=check,
)
