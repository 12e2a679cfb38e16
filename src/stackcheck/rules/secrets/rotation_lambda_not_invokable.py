"""SC410: secret rotation with a function that Secrets Manager is not permitted to invoke."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, FieldMap, Rule

ROTATION = FieldMap({
    "aws_secretsmanager_secret_rotation": {"lambda": "rotation_lambda_arn"},
    "AWS::SecretsManager::RotationSchedule": {"lambda": "RotationLambdaARN"},
})
FUNCTION_TYPES = ("aws_lambda_function", "AWS::Lambda::Function")
PERMISSION = FieldMap({
    "aws_lambda_permission": {"function": "function_name", "principal": "principal"},
    "AWS::Lambda::Permission": {"function": "FunctionName", "principal": "Principal"},
})
SERVICE = "secretsmanager.amazonaws.com"


def _function_name(fn: Resource) -> object:
    return fn.get("function_name") if fn.framework == "terraform" else fn.get("FunctionName")


def _invokable(stack: Stack, fn: Resource) -> bool | None:
    """Does some Lambda permission let Secrets Manager invoke `fn`? None when it cannot be told."""
    name = _function_name(fn)
    unknown = False
    for perm in PERMISSION.resources(stack):
        target = PERMISSION.get(perm, "function")
        resolved = stack.resolve(target)
        if resolved is not None:
            if resolved is not fn:
                continue
        elif isinstance(target, str):
            if not (isinstance(name, str) and (target == name or target.endswith(f":function:{name}"))):
                continue
        else:
            unknown = True  # a function named by a variable: it may be this one
            continue
        principal = PERMISSION.get(perm, "principal")
        if principal == SERVICE or principal == "*":
            return True
        if not isinstance(principal, str):
            unknown = True
    return None if unknown else False


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for rot in ROTATION.resources(stack):
        fn = stack.resolve(ROTATION.get(rot, "lambda"))
        if fn is None or fn.type not in FUNCTION_TYPES:
            continue
        if _invokable(stack, fn) is not False:
            continue
        attr = ROTATION.name(rot, "lambda")
        perm_type = "aws_lambda_permission" if rot.framework == "terraform" else "AWS::Lambda::Permission"
        yield RULE.finding(
            rot, attr,
            f"the rotation function {fn.address} has no {perm_type} for principal {SERVICE}: rotation "
            "starts as soon as it is configured and fails with AccessDeniedException: Secrets Manager cannot "
            "invoke the specified Lambda function. Ensure that the function policy grants access to the "
            f"principal {SERVICE}.",
            f"add a {perm_type} with action lambda:InvokeFunction, principal {SERVICE} and the function "
            f"{fn.address}, and make the rotation depend on it",
        )


RULE = Rule(
    id="SC410", name="secret-rotation-lambda-not-invokable",
    title="Secret rotation function that Secrets Manager may not invoke",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_secretsmanager_secret_rotation / AWS::SecretsManager::RotationSchedule whose rotation function "
          "is created in the stack and has no Lambda permission (aws_lambda_permission / "
          "AWS::Lambda::Permission) for secretsmanager.amazonaws.com.",
    why="Secrets Manager invokes the rotation function with its service principal, which needs a statement in "
        "the function's resource policy; RotateSecret starts the first rotation immediately and fails without it.",
    error="AccessDeniedException: Secrets Manager cannot invoke the specified Lambda function. Ensure that the "
          "function policy grants access to the principal secretsmanager.amazonaws.com.",
    broken='resource "aws_secretsmanager_secret_rotation" "db" {\n  secret_id           = aws_secretsmanager_secret.db.id\n'
           '  rotation_lambda_arn = aws_lambda_function.rotator.arn\n  rotation_rules { automatically_after_days = 30 }\n}',
    fixed='resource "aws_lambda_permission" "rotator" {\n  action        = "lambda:InvokeFunction"\n'
          '  function_name = aws_lambda_function.rotator.function_name\n  principal     = "secretsmanager.amazonaws.com"\n}',
    evidence=(
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html",
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html",
        "https://github.com/coinbase/fenrir/pull/23 (secretsmanager principal needed on rotation functions)",
    ),
    limits="Only rotation functions created in the stack are judged; a Lambda permission naming its function "
           "through a variable counts as possibly granting.",
    check=check,
)
