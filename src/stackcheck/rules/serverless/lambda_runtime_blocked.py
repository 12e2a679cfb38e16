"""SC800: a Lambda function uses a runtime that AWS no longer accepts for new (or updated) functions."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.runtimes import lifecycle, today
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.fields import FUNCTION


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    now = today()
    for fn in FUNCTION.resources(stack):
        runtime = FUNCTION.get(fn, "runtime")
        life = lifecycle(runtime) if isinstance(runtime, str) else None
        if life is None or now < life.deprecated:
            continue
        attr = FUNCTION.name(fn, "runtime")
        if now >= life.create_block:
            updates = (f"updating existing functions too since {life.update_block}" if now >= life.update_block
                       else f"updating existing ones from {life.update_block}")
            yield RULE.finding(
                fn, attr,
                f'runtime "{runtime}" is deprecated: AWS blocks creating functions with it since {life.create_block} '
                f"({updates}); CreateFunction fails with \"The runtime parameter of {runtime} is no longer supported "
                'for creating or updating AWS Lambda functions"',
                f'set {attr} to a supported runtime such as "{life.successor}" and test the code on it',
            )
        else:
            yield RULE.finding(
                fn, attr,
                f'runtime "{runtime}" was deprecated on {life.deprecated}: creating functions with it is blocked from '
                f"{life.create_block} and updating them from {life.update_block}",
                f'move to a supported runtime such as "{life.successor}" before {life.create_block}',
                blocker=False, severity="medium",
            )


RULE = Rule(
    id="SC800", name="lambda-runtime-blocked",
    title="Lambda runtime no longer accepted for creating or updating functions",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A Lambda function whose runtime AWS has deprecated: a blocker once the runtime's 'block function "
          "create' date has passed, a medium advisory between deprecation and that date.",
    why="After a runtime's block dates, the Lambda API refuses CreateFunction (and later UpdateFunctionConfiguration "
        "/ UpdateFunctionCode) with that runtime. The Terraform provider's validation still lists every "
        "identifier in the SDK's enum, so `terraform validate` and plan pass and apply fails.",
    error="InvalidParameterValueException: The runtime parameter of python3.7 is no longer supported for creating or "
          "updating AWS Lambda functions. We recommend you use the new runtime (python3.12) while creating or "
          "updating functions.",
    broken='resource "aws_lambda_function" "ingest" {\n  runtime = "python3.7"\n  ...\n}',
    fixed='resource "aws_lambda_function" "ingest" {\n  runtime = "python3.13"\n  ...\n}',
    evidence=(
        "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (deprecated runtimes: block function "
        "create / block function update dates)",
        "https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html",
        "https://github.com/aws-samples/aws-cdk-examples/issues/1003",
        "https://github.com/diodonfrost/terraform-aws-lambda-scheduler-stop-start/issues/59",
    ),
    limits="Dates come from stackcheck.model.runtimes (the AWS page at the time of writing); AWS occasionally "
           "extends them. A function already deployed may still be updated between the create and update block "
           "dates. Container-image functions have no runtime and are not checked.",
    check=check,
)
