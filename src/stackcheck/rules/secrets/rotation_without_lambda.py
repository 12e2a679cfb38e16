"""SC401: Secrets Manager rotation with no rotation function, on a secret that has none."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_secretsmanager_secret_rotation": {"secret": "secret_id", "lambda": "rotation_lambda_arn"},
    "AWS::SecretsManager::RotationSchedule": {"secret": "SecretId", "lambda": "RotationLambdaARN",
                                              "hosted": "HostedRotationLambda"},
})
SECRET_TYPES = ("aws_secretsmanager_secret", "AWS::SecretsManager::Secret")


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for rot in FIELDS.resources(stack):
        if FIELDS.get(rot, "lambda") is not None or FIELDS.get(rot, "hosted") is not None:
            continue
        # Only a secret this stack creates is known to have no function yet; secrets managed by
        # another service (RDS master user secrets) rotate without one and are not Secret resources.
        secret = stack.resolve(FIELDS.get(rot, "secret"))
        if secret is None or secret.type not in SECRET_TYPES:
            continue
        attr = FIELDS.name(rot, "lambda")
        yield RULE.finding(
            rot, attr,
            f"rotation is enabled for {secret.address}, a secret created by this stack with no rotation function, "
            f"and {attr} is not set: RotateSecret fails (InvalidRequestException: ... doesn't already have a Lambda "
            "function ARN configured)",
            f"set {attr} to a rotation function (with a lambda:InvokeFunction permission for "
            "secretsmanager.amazonaws.com)" + (", or use HostedRotationLambda" if rot.framework == "cloudformation"
                                                else ", or let RDS manage the password (manage_master_user_password)"),
        )


RULE = Rule(
    id="SC401", name="secret-rotation-without-lambda",
    title="Secret rotation without a rotation function",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_secretsmanager_secret_rotation / AWS::SecretsManager::RotationSchedule on a secret that the same "
          "stack creates, without rotation_lambda_arn (RotationLambdaARN) or HostedRotationLambda.",
    why="RotateSecret needs a rotation function unless the secret already has one or is managed by another "
        "service; a new secret has neither.",
    error="InvalidRequestException: You tried to enable rotation on a secret that doesn't already have a Lambda "
          "function ARN configured and you didn't include such an ARN as a parameter in this call.",
    broken='resource "aws_secretsmanager_secret_rotation" "db" {\n  secret_id = aws_secretsmanager_secret.db.id\n'
           '  rotation_rules { automatically_after_days = 30 }\n}',
    fixed='resource "aws_secretsmanager_secret_rotation" "db" {\n  secret_id           = aws_secretsmanager_secret.db.id\n'
          '  rotation_lambda_arn = aws_lambda_function.rotation.arn\n  rotation_rules { automatically_after_days = 30 }\n}',
    evidence=(
        "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html",
        "https://github.com/hashicorp/terraform-provider-aws/pull/34180 (rotation_lambda_arn optional for managed secrets)",
    ),
    limits="Secrets created outside the stack are not judged: they may already have a rotation function.",
    check=check,
    origin="seed",
)
