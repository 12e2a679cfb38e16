"""SC412: GenerateSecretString with SecretStringTemplate but no GenerateStringKey, or the reverse."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for secret in stack.of_type("AWS::SecretsManager::Secret"):
        template = secret.get("GenerateSecretString.SecretStringTemplate")
        key = secret.get("GenerateSecretString.GenerateStringKey")
        if (template is None) == (key is None):
            continue
        have, missing = ("SecretStringTemplate", "GenerateStringKey") if key is None else (
            "GenerateStringKey", "SecretStringTemplate")
        yield RULE.finding(
            secret, f"GenerateSecretString.{have}",
            f"GenerateSecretString has {have} but no {missing}: the two only work together (the generated "
            f"password is added to the template's JSON under GenerateStringKey): CREATE_FAILED: SecretStringTemplate and "
            "GenerateStringKey must both be specified",
            f"add {missing}" + (' (e.g. GenerateStringKey: password)' if missing == "GenerateStringKey"
                                 else ' (e.g. SecretStringTemplate: \'{"username": "app"}\')'),
        )


RULE = Rule(
    id="SC412", name="generated-secret-template-without-key",
    title="GenerateSecretString template without its key (or key without template)",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("cloudformation",), stage="apply",
    finds="AWS::SecretsManager::Secret whose GenerateSecretString sets SecretStringTemplate without "
          "GenerateStringKey, or GenerateStringKey without SecretStringTemplate.",
    why="The CloudFormation reference requires the two together: the generated value is inserted into the "
        "template's JSON under GenerateStringKey. cfn-lint does not check the pairing.",
    error="CREATE_FAILED AWS::SecretsManager::Secret: SecretStringTemplate and GenerateStringKey must both be "
          "specified ...",
    broken="GenerateSecretString:\n  SecretStringTemplate: '{\"username\": \"app\"}'\n  PasswordLength: 32",
    fixed="GenerateSecretString:\n  SecretStringTemplate: '{\"username\": \"app\"}'\n  GenerateStringKey: password\n"
          "  PasswordLength: 32",
    evidence=(
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-secretsmanager-secret-generatesecretstring.html",
        "https://github.com/aws/aws-cdk/issues/5951 (CREATE_FAILED: SecretStringTemplate and GenerateStringKey must both ...)",
    ),
    limits="CloudFormation only: Terraform has no generated-secret-string argument (random_password is used).",
    check=check,
)
