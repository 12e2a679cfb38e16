"""SC615: DynamoDB capacities that do not fit the billing mode (PROVISIONED without them, on-demand with them)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_int, as_list
from stackcheck.rules.base import Context, Rule

PROVISIONED, ON_DEMAND = "PROVISIONED", "PAY_PER_REQUEST"


def _tf(table: Resource) -> Iterator[Finding]:
    mode = table.get("billing_mode", PROVISIONED)  # the provider's default
    if isinstance(mode, Unknown) or table.get("restore_source_name") is not None:
        return
    shown = f'billing_mode = "{mode}"' + ("" if table.get("billing_mode") is not None else " (the default)")
    for key in ("read_capacity", "write_capacity"):
        value = table.get(key)
        if isinstance(value, Unknown):
            continue
        number = as_int(value) or 0
        if mode == PROVISIONED and number < 1:
            yield RULE.finding(
                table, key if value is not None else "billing_mode",
                f"{shown} but {key} is {'not set' if value is None else number}: the provider refuses the plan "
                f"({key} must be at least 1 when billing_mode is \"PROVISIONED\")",
                f'set billing_mode = "{ON_DEMAND}" for on-demand capacity, or set read_capacity and write_capacity',
            )
            return
        if mode == ON_DEMAND and number:
            yield RULE.finding(
                table, key,
                f"{shown} but {key} = {number}: capacities cannot be set for an on-demand table "
                f"({key} can not be set when billing_mode is \"PAY_PER_REQUEST\")",
                f"remove read_capacity and write_capacity (and from the global secondary indexes), or use "
                f'billing_mode = "{PROVISIONED}"',
            )
            return
    if mode != PROVISIONED:
        return
    for i, gsi in enumerate(as_list(table.get("global_secondary_index"))):
        if not isinstance(gsi, dict):
            continue
        values = [gsi.get("read_capacity"), gsi.get("write_capacity")]
        if any(isinstance(v, Unknown) for v in values) or all((as_int(v) or 0) >= 1 for v in values):
            continue
        yield RULE.finding(
            table, f"global_secondary_index.{i}",
            f"the table is PROVISIONED but global secondary index {gsi.get('name')!s} has no read_capacity / "
            "write_capacity: each index of a provisioned table needs its own capacities",
            "set read_capacity and write_capacity in the global_secondary_index block",
        )


def _cfn(table: Resource) -> Iterator[Finding]:
    mode = table.get("BillingMode", PROVISIONED)
    if isinstance(mode, Unknown):
        return
    throughput = table.get("ProvisionedThroughput")
    if mode == ON_DEMAND and throughput is not None:
        yield RULE.finding(
            table, "ProvisionedThroughput",
            "BillingMode is PAY_PER_REQUEST but ProvisionedThroughput is set: DynamoDB refuses capacities for an "
            "on-demand table",
            "remove ProvisionedThroughput (also from the GlobalSecondaryIndexes), or use BillingMode: PROVISIONED",
        )
    elif mode == PROVISIONED and throughput is None:
        yield RULE.finding(
            table, "BillingMode" if table.get("BillingMode") is not None else None,
            "the table is PROVISIONED" + ("" if table.get("BillingMode") is not None else " (the default)")
            + " but has no ProvisionedThroughput: DynamoDB needs read and write capacity units",
            "set BillingMode: PAY_PER_REQUEST, or add ProvisionedThroughput with ReadCapacityUnits and "
            "WriteCapacityUnits",
        )


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for table in stack.of_type("aws_dynamodb_table"):
        yield from _tf(table)
    for table in stack.of_type("AWS::DynamoDB::Table"):
        yield from _cfn(table)


RULE = Rule(
    id="SC615", name="dynamodb-capacity-billing-mismatch",
    title="DynamoDB capacities that do not match the billing mode",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="plan",
    finds="A provisioned DynamoDB table (Terraform's default billing mode) without read/write capacity, or a "
          "provisioned table's global secondary index without capacities; and an on-demand (PAY_PER_REQUEST) "
          "table that sets capacities.",
    why="The Terraform provider checks capacities against the billing mode in its plan-time diff, not in "
        "`terraform validate`; DynamoDB refuses the same combinations in CreateTable.",
    error="read_capacity must be at least 1 when billing_mode is \"PROVISIONED\" | ValidationException: One or more "
          "parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when "
          "BillingMode is PAY_PER_REQUEST",
    broken='resource "aws_dynamodb_table" "locks" {\n  name     = "terraform-locks"\n  hash_key = "LockID"\n'
           '  attribute {\n    name = "LockID"\n    type = "S"\n  }\n}',
    fixed='resource "aws_dynamodb_table" "locks" {\n  name         = "terraform-locks"\n'
          '  billing_mode = "PAY_PER_REQUEST"\n  hash_key     = "LockID"\n  ...\n}',
    evidence=(
        "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/dynamodb/table.go "
        "(validateProvisionedThroughputField, validateGSIProvisionedThroughput)",
        "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html (ProvisionedThroughput: "
        "if BillingMode is PROVISIONED you must specify it; if PAY_PER_REQUEST you cannot)",
        "https://github.com/aws/aws-cli/issues/4540",
    ),
    limits="A billing mode or capacity that is not known statically is not judged; tables restored from a "
           "backup are skipped.",
    check=check,
)
