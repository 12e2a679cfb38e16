"""SC214: a Lambda proxy integration whose integration HTTP method is not POST."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.invoke import function_in, names_alias


def _integrations(stack: Stack) -> Iterator[tuple[Resource, str, object, object]]:
    """(holder, method attribute, method, uri) of every Lambda-style integration in either framework."""
    for integ in stack.of_type("aws_api_gateway_integration"):
        if integ.get("type") in ("AWS_PROXY", "AWS"):
            yield integ, "integration_http_method", integ.get("integration_http_method"), integ.get("uri")
    for method in stack.of_type("AWS::ApiGateway::Method"):
        spec = method.get("Integration")
        if isinstance(spec, dict) and spec.get("Type") in ("AWS_PROXY", "AWS"):
            yield method, "Integration.IntegrationHttpMethod", spec.get("IntegrationHttpMethod"), spec.get("Uri")
    fields = {"aws_apigatewayv2_integration": ("integration_type", "integration_method", "integration_uri",
                                               "integration_subtype"),
              "AWS::ApiGatewayV2::Integration": ("IntegrationType", "IntegrationMethod", "IntegrationUri",
                                                 "IntegrationSubtype")}
    for integ in stack.of_type(*fields):
        kind, method_attr, uri_attr, subtype = fields[integ.type]
        if integ.get(kind) == "AWS_PROXY" and integ.get(subtype) is None:
            yield integ, method_attr, integ.get(method_attr), integ.get(uri_attr)


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for holder, attr, method, uri in _integrations(stack):
        if not isinstance(method, str) or method.upper() == "POST":
            continue
        fn = function_in(stack, uri)
        if fn is None and not names_alias(uri):
            continue  # not a Lambda function of this stack (an AWS service action, another account...)
        target = fn.address if fn is not None else "the function"
        yield RULE.finding(
            holder, attr,
            f"{attr} = {method} on the Lambda integration of {target}: API Gateway calls Lambda's Invoke API, which "
            "only accepts POST, so the integration is created and every request answers 500 (Internal server error)",
            f"set {attr} = POST (the client-facing method stays whatever the method or route says)",
        )


RULE = Rule(
    id="SC214", name="lambda-integration-method-not-post",
    title="Lambda integration with an integration HTTP method other than POST",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="REST API integrations (aws_api_gateway_integration, AWS::ApiGateway::Method Integration) of type "
          "AWS_PROXY or AWS and HTTP API Lambda proxy integrations (aws_apigatewayv2_integration, "
          "AWS::ApiGatewayV2::Integration) that call a Lambda function of the stack with an integration method such "
          "as GET or ANY.",
    why="The integration HTTP method is how API Gateway calls the backend, here Lambda's Invoke API, which is a "
        "POST; people copy the client-facing method (GET, ANY) into it. API Gateway accepts the integration and "
        "fails every call.",
    error="Internal server error (500); execution log: Execution failed due to configuration error",
    broken='resource "aws_api_gateway_integration" "get_orders" {\n  # ...\n  http_method             = "GET"\n'
           '  type                    = "AWS_PROXY"\n  integration_http_method = "GET"\n'
           '  uri                     = aws_lambda_function.orders.invoke_arn\n}',
    fixed='  integration_http_method = "POST"',
    evidence=(
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_integration "
        "(integration_http_method: not all methods are compatible with all AWS integrations, e.g. a Lambda function "
        "can only be invoked via POST)",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html",
        "https://github.com/localstack/localstack/pull/10512 (AWS-validated: the integration is created, calls "
        "return Internal Server Error)",
        "https://github.com/localstack/localstack/issues/10473",
        "https://github.com/hashicorp/terraform/issues/9271 (Lambda functions only accept POST)",
        "https://github.com/terraform-aws-modules/terraform-aws-apigateway-v2/pull/14 (HTTP API Lambda proxy "
        "integrations broken with method ANY)",
    ),
    limits="Only integrations whose URI names a Lambda function (or alias) of the stack are judged; AWS service "
           "integrations keep whatever method their action needs.",
    check=check,
)
