"""SC614: DynamoDB attribute definitions that no key uses, or keys without an attribute definition."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_list
from stackcheck.rules.base import Context, Rule


def _names(values: list[Any]) -> set[str] | None:
    """The key attribute names, or None when one of them is not known statically."""
    out = set()
    for v in values:
        if v is None:
            continue
        if not isinstance(v, str):
            return None
        out.add(v)
    return out


def _terraform(res: Resource) -> tuple[list[Any], list[Any]]:
    """(defined attribute names, key attribute names) of an aws_dynamodb_table."""
    defined = [a.get("name") if isinstance(a, dict) else a for a in as_list(res.get("attribute"))]
    keys = [res.get("hash_key"), res.get("range_key")]
    for index in as_list(res.get("global_secondary_index")) + as_list(res.get("local_secondary_index")):
        if not isinstance(index, dict):
            return defined, [object()]
        keys += [index.get("hash_key"), index.get("range_key")]
        keys += [k.get("attribute_name") for k in as_list(index.get("key_schema")) if isinstance(k, dict)]
    return defined, keys


def _cloudformation(res: Resource) -> tuple[list[Any], list[Any]]:
    defined = [a.get("AttributeName") if isinstance(a, dict) else a for a in as_list(res.get("AttributeDefinitions"))]
    schemas = [res.get("KeySchema")]
    for index in as_list(res.get("GlobalSecondaryIndexes")) + as_list(res.get("LocalSecondaryIndexes")):
        schemas.append(index.get("KeySchema") if isinstance(index, dict) else object())
    keys: list[Any] = []
    for schema in schemas:
        for k in as_list(schema):
            keys.append(k.get("AttributeName") if isinstance(k, dict) else object())
    return defined, keys


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for table in stack.of_type("aws_dynamodb_table", "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable"):
        tf = table.framework == "terraform"
        if tf and table.get("restore_source_name") is not None:
            continue  # a restored table takes its schema from the source
        defined_raw, keys_raw = _terraform(table) if tf else _cloudformation(table)
        defined, keys = _names(defined_raw), _names(keys_raw)
        if defined is None or keys is None or not defined_raw:
            continue
        unused, undefined = sorted(defined - keys), sorted(keys - defined)
        if not unused and not undefined:
            continue
        attr = "attribute" if tf else "AttributeDefinitions"
        parts = []
        if unused:
            parts.append(f"{', '.join(unused)} {'is' if len(unused) == 1 else 'are'} defined but used by no key "
                         "of the table or of an index")
        if undefined:
            parts.append(f"key attribute(s) {', '.join(undefined)} have no attribute definition")
        yield RULE.finding(
            table, attr,
            "; ".join(parts) + ": attribute definitions must list exactly the key attributes (DynamoDB is "
            "schemaless for the other attributes), so the table is refused",
            ("remove the attribute block(s) for " + ", ".join(unused) if unused else "")
            + (" and " if unused and undefined else "")
            + ("add an attribute block (name and type) for " + ", ".join(undefined) if undefined else "")
            + " - or add the index that uses them",
        )


RULE = Rule(
    id="SC614", name="dynamodb-attribute-definitions-mismatch",
    title="DynamoDB attribute definitions that do not match the keys",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="plan",
    finds="An aws_dynamodb_table / AWS::DynamoDB::Table (or GlobalTable) that defines attributes no table or "
          "index key uses (a common attempt to declare non-key columns), or uses a key attribute it does not "
          "define.",
    why="AttributeDefinitions describe key attributes only. The Terraform provider refuses the mismatch in its "
        "plan-time diff (not in `terraform validate`); DynamoDB refuses it in CreateTable for CloudFormation.",
    error="all attributes must be indexed. Unused attributes: [\"email\"] | ValidationException: One or more "
          "parameter values were invalid: Number of attributes in key schema must match the number of attributes "
          "defined in attribute definitions.",
    broken='resource "aws_dynamodb_table" "users" {\n  hash_key = "user_id"\n  attribute {\n    name = "user_id"\n'
           '    type = "S"\n  }\n  attribute {\n    name = "email"\n    type = "S"\n  }\n}',
    fixed='resource "aws_dynamodb_table" "users" {\n  hash_key = "user_id"\n  attribute {\n    name = "user_id"\n'
          '    type = "S"\n  }\n}',
    evidence=(
        "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/dynamodb/table.go "
        "(validateTableAttributes in CustomizeDiff)",
        "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html (AttributeDefinitions: "
        "an array of attributes that describe the key schema for the table and indexes)",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html",
    ),
    limits="Tables whose attributes or index keys are not known statically are not judged; cfn-lint also reports "
           "the CloudFormation case.",
    check=check,
)
