"""SC402: a generated database master password that may contain characters RDS refuses."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_bool
from stackcheck.rules.base import Context, Rule

FORBIDDEN = set('/@" ')
DB_TYPES = ("AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "aws_rds_cluster", "aws_db_instance")
# random_password's default special characters (provider hashicorp/random): !@#$%&*()-_=+[]{}<>:?
RANDOM_DEFAULT_SPECIAL = set("!@#$%&*()-_=+[]{}<>:?")


def _used_as_db_password(stack: Stack, res: Resource) -> Resource | None:
    for user in stack.referrers.get(res.base_address, ()):
        if user.type in DB_TYPES:
            attr = {"aws_rds_cluster": "master_password", "aws_db_instance": "password"}.get(user.type,
                                                                                          "MasterUserPassword")
            if res.base_address in user.refs_of(attr) or res.address in user.refs_of(attr):
                return user
    return None


def _cfn(stack: Stack) -> Iterator[Finding]:
    for secret in stack.of_type("AWS::SecretsManager::Secret"):
        gen = secret.get("GenerateSecretString")
        if not isinstance(gen, dict):
            continue
        db = _used_as_db_password(stack, secret)
        if db is None:
            continue
        excluded = gen.get("ExcludeCharacters")
        if isinstance(excluded, Unknown) or as_bool(gen.get("ExcludePunctuation")) is True:
            continue
        missing = FORBIDDEN - set(excluded or "") - ({" "} if as_bool(gen.get("IncludeSpace")) is not True else set())
        if not missing:
            continue
        yield RULE.finding(
            secret, "GenerateSecretString.ExcludeCharacters",
            f"the generated password becomes {db.address}'s master password but may contain "
            f"{' '.join(sorted(missing))}, which RDS refuses; with the default 32 characters most deployments draw "
            "one of them and fail",
            "add ExcludeCharacters: \"\\\"@/\\\\ '\" to GenerateSecretString",
            line=secret.line_of("GenerateSecretString"),
        )


def _terraform(stack: Stack) -> Iterator[Finding]:
    for pw in stack.of_type("random_password"):
        db = _used_as_db_password(stack, pw)
        if db is None or as_bool(pw.get("special")) is False:
            continue
        override = pw.get("override_special")
        if isinstance(override, Unknown):
            continue
        chars = set(override) if isinstance(override, str) else RANDOM_DEFAULT_SPECIAL
        bad = chars & FORBIDDEN
        if not bad:
            continue
        yield RULE.finding(
            pw, "override_special",
            f"the password becomes {db.address}'s master password but its special characters include "
            f"{' '.join(sorted(bad))}, which RDS refuses",
            'set override_special = "!#$%&*()-_=+[]{}<>:?" (no / @ " or space)',
        )


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    yield from (_cfn(stack) if stack.framework == "cloudformation" else _terraform(stack))


RULE = Rule(
    id="SC402", name="db-password-invalid-characters",
    title="Generated database password can contain / @ \" or space",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A Secrets Manager GenerateSecretString or a random_password used as an RDS/Aurora master password "
          "whose character set includes /, @, \" or space.",
    why="RDS accepts printable ASCII except / @ \" and space in master passwords. The generator draws from all "
        "punctuation, so the deploy fails in most runs, not all, which makes it hard to catch by testing.",
    error="InvalidParameterValue: The parameter MasterUserPassword is not a valid password. Only printable ASCII "
          "characters besides '/', '@', '\"', ' ' may be used.",
    broken="GenerateSecretString:\n  SecretStringTemplate: '{\"username\": \"dbadmin\"}'\n  GenerateStringKey: password",
    fixed="GenerateSecretString:\n  SecretStringTemplate: '{\"username\": \"dbadmin\"}'\n  GenerateStringKey: password\n"
          "  ExcludeCharacters: \"\\\"@/\\\\ '\"",
    evidence=(
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html (MasterUserPassword constraints)",
        "https://github.com/terraform-aws-modules/terraform-aws-rds-aurora/issues/100",
        "https://github.com/aws/aws-cdk/issues/16824",
    ),
    check=check,
    origin="seed",
)
