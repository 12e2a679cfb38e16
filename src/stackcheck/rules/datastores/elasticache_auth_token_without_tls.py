"""SC613: an ElastiCache AUTH token on a replication group without in-transit encryption."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_bool
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_elasticache_replication_group": {"token": "auth_token", "transit": "transit_encryption_enabled"},
    "AWS::ElastiCache::ReplicationGroup": {"token": "AuthToken", "transit": "TransitEncryptionEnabled"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for rg in FIELDS.resources(stack):
        token, transit = FIELDS.get(rg, "token"), FIELDS.get(rg, "transit")
        if token is None or token == "" or isinstance(transit, Unknown) or as_bool(transit) is True:
            continue
        t_attr = FIELDS.name(rg, "transit")
        yield RULE.finding(
            rg, FIELDS.name(rg, "token"),
            f"an AUTH token is set but {t_attr} is {'false' if transit is not None else 'not set (false)'}: "
            "ElastiCache only accepts an AUTH token when in-transit encryption is on, so the replication group is "
            "not created",
            f"set {t_attr} = true (clients then connect with TLS), or remove the AUTH token",
        )


RULE = Rule(
    id="SC613", name="elasticache-auth-token-without-tls",
    title="ElastiCache AUTH token without in-transit encryption",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An aws_elasticache_replication_group / AWS::ElastiCache::ReplicationGroup with auth_token / AuthToken "
          "set and transit encryption false or unset (it defaults to false).",
    why="The AUTH token would travel in clear text, so ElastiCache requires TLS for it. Nothing checks the "
        "combination before the create call.",
    error="InvalidParameterValue: The AUTH token is only supported when encryption-in-transit is enabled",
    broken='resource "aws_elasticache_replication_group" "queue" {\n  auth_token = random_password.redis.result\n}',
    fixed='resource "aws_elasticache_replication_group" "queue" {\n  auth_token                 = random_password.redis.result\n'
          '  transit_encryption_enabled = true\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html (AUTH requires in-transit encryption)",
        "https://github.com/widdix/aws-cf-templates/issues/263",
        "https://github.com/aws/aws-cli/issues/5007",
        "https://github.com/cloudposse/terraform-aws-elasticache-redis/issues/112",
    ),
    limits="A transit encryption setting that is not known statically is not judged.",
    check=check,
)
