"""SC215: a REST API Lambda integration whose URI is the function's ARN instead of its invoke URI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.invoke import FUNCTION_TYPES

_FUNCTION_REFS = ("aws_lambda_function", "AWS::Lambda::Function", "aws_lambda_alias", "AWS::Lambda::Alias")


def _uris(stack: Stack) -> Iterator[tuple[Resource, str, Any]]:
    for integ in stack.of_type("aws_api_gateway_integration"):
        if integ.get("type") in ("AWS", "AWS_PROXY"):
            yield integ, "uri", integ.get("uri")
    for method in stack.of_type("AWS::ApiGateway::Method"):
        spec = method.get("Integration")
        if isinstance(spec, dict) and spec.get("Type") in ("AWS", "AWS_PROXY"):
            yield method, "Integration.Uri", spec.get("Uri")


def problem(uri: Any) -> str | None:
    """What the URI is when it is a plain Lambda ARN or name rather than an apigateway invocation URI."""
    if isinstance(uri, Unknown) and not uri.parts and uri.target_type in _FUNCTION_REFS \
            and uri.attr not in ("invoke_arn",):
        return f"{uri.ref} (the function's {'name' if uri.attr in ('Ref', 'function_name') else 'ARN'})"
    if isinstance(uri, str) and uri.startswith("arn:") and ":lambda:" in uri and ":function:" in uri \
            and ":apigateway:" not in uri:
        return f"the Lambda ARN {uri}"
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for holder, attr, uri in _uris(stack):
        what = problem(uri)
        if what is None:
            continue
        fn = uri.target if isinstance(uri, Unknown) and uri.target_type in FUNCTION_TYPES else "FUNCTION"
        fix = (f"uri = {fn if fn != 'FUNCTION' else 'aws_lambda_function.NAME'}.invoke_arn"
               if holder.framework == "terraform" else
               "Uri: !Sub arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
               f"${{{fn}.Arn}}/invocations")
        yield RULE.finding(
            holder, attr,
            f"{attr} is {what}, but a REST API integration needs the API Gateway invocation URI "
            "(arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations): PutIntegration "
            "fails with BadRequestException: AWS ARN for integration must contain path or action",
            fix,
        )


RULE = Rule(
    id="SC215", name="rest-integration-uri-function-arn",
    title="REST API Lambda integration URI is the function ARN, not its invoke URI",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_api_gateway_integration / AWS::ApiGateway::Method integrations of type AWS or AWS_PROXY whose URI "
          "is a Lambda function's ARN or name (aws_lambda_function.X.arn, !GetAtt Fn.Arn, !Ref Fn, a literal "
          "arn:aws:lambda:... ARN) instead of the apigateway invocation URI (invoke_arn).",
    why="REST API AWS integrations take an API Gateway service URI with a path or action; for Lambda that is "
        "arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations (Terraform's invoke_arn). HTTP "
        "APIs accept the bare function ARN, which is why it gets copied; REST APIs refuse it.",
    error="BadRequestException: AWS ARN for integration must contain path or action",
    broken='resource "aws_api_gateway_integration" "orders" {\n  # ...\n  type                    = "AWS_PROXY"\n'
           '  integration_http_method = "POST"\n  uri                     = aws_lambda_function.orders.arn\n}',
    fixed='  uri                     = aws_lambda_function.orders.invoke_arn',
    evidence=(
        "https://docs.aws.amazon.com/apigateway/latest/api/API_PutIntegration.html (uri: for AWS integrations "
        "arn:aws:apigateway:{region}:{subdomain.service|service}:path|action/{service_api})",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function (invoke_arn: "
        "ARN to be used for invoking the function from API Gateway, to be used in aws_api_gateway_integration's uri)",
        "https://github.com/localstack/localstack/pull/12324 (AWS-validated: a plain Lambda ARN as integration URI "
        "is refused)",
        "https://github.com/hashicorp/terraform/pull/13890 (invoke_arn introduced for API Gateway integrations)",
    ),
    limits="URIs built from expressions are not judged unless they are a bare reference to a function or alias.",
    check=check,
)
