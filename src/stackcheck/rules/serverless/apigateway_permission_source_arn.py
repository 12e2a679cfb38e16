"""SC813: a Lambda permission for API Gateway whose source ARN can never match the calls API Gateway makes."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, pieces
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.invoke import APIGATEWAY, PERMISSION, grants, principal_matches

_APIS = ("aws_api_gateway_rest_api", "aws_apigatewayv2_api", "AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api")
_STAGES = ("aws_api_gateway_stage", "aws_apigatewayv2_stage")


def problem(source: object) -> str | None:
    """Why a source ARN cannot match arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH, or None."""
    parts = [p for p in pieces(source) if p != ""]
    if not parts:
        return None
    for part in parts:
        if isinstance(part, Unknown) and part.target_type in _APIS and part.attr == "arn":
            return (f"{part.ref} is the API's management ARN (arn:aws:apigateway:REGION::/restapis/ID or /apis/ID), "
                    "not the execute-api ARN that API Gateway invokes with")
    last = parts[-1]
    if isinstance(last, Unknown) and (last.target_type in _APIS or
                                      (last.target_type in _STAGES and last.attr == "execution_arn")):
        return (f"it ends with {last.ref}, so it names the API itself, while API Gateway invokes with "
                "API_ID/STAGE/METHOD/PATH and the ARN must end with a pattern such as /*/*")
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    index = grants(stack)
    for perms in index.by_function.values():
        bad: list[tuple[Resource, str]] = []
        usable = False  # some permission of the function lets API Gateway in with a matching source ARN
        for perm in perms:
            if principal_matches(PERMISSION.get(perm, "principal"), APIGATEWAY) is not True:
                continue
            source = PERMISSION.get(perm, "source")
            why = problem(source) if source is not None else None
            if why is None:
                usable = True
            elif PERMISSION.get(perm, "principal") == APIGATEWAY:
                bad.append((perm, why))
        if usable:
            continue
        for perm, why in bad:
            attr = PERMISSION.name(perm, "source")
            example = ('"${aws_apigatewayv2_api.NAME.execution_arn}/*/*"' if perm.framework == "terraform"
                       else "!Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/*")
            yield RULE.finding(
                perm, attr,
                f"the source ARN of this API Gateway permission can never match: {why}. Lambda checks the "
                "permission on every call and API Gateway answers 500 (Execution failed due to configuration "
                "error: Invalid permissions on Lambda function)",
                f"use the execute-api ARN followed by /STAGE/METHOD/PATH wildcards, e.g. {attr} = {example}",
            )


RULE = Rule(
    id="SC813", name="apigateway-permission-source-arn-mismatch",
    title="Lambda permission for API Gateway with a source ARN that cannot match",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="aws_lambda_permission / AWS::Lambda::Permission for apigateway.amazonaws.com whose source ARN is the "
          "API's management ARN (aws_api_gateway_rest_api.X.arn, aws_apigatewayv2_api.X.arn) or ends with the API "
          "or stage itself (execution_arn, ${Api}) with no /STAGE/METHOD/PATH part, when no other permission of the "
          "function lets API Gateway in.",
    why="API Gateway invokes with the source ARN arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH; the "
        "permission's AWS:SourceArn condition is compared with it as a pattern, so an ARN without the trailing "
        "parts, or the apigateway management ARN, never matches. The permission is created without complaint.",
    error="Execution failed due to configuration error: Invalid permissions on Lambda function",
    broken='resource "aws_lambda_permission" "api" {\n  action        = "lambda:InvokeFunction"\n'
           '  function_name = aws_lambda_function.orders.function_name\n  principal     = "apigateway.amazonaws.com"\n'
           '  source_arn    = aws_api_gateway_rest_api.orders.execution_arn\n}',
    fixed='  source_arn    = "${aws_api_gateway_rest_api.orders.execution_arn}/*/*"',
    evidence=(
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_rest_api "
        "(execution_arn: to be concatenated with allowed stage, method and resource path in a lambda_permission's "
        "source_arn)",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_permission (example: "
        "source_arn = \"${aws_api_gateway_rest_api.MyDemoAPI.execution_arn}/*\")",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/arn-format-reference.html (execute-api ARN: "
        "api-id/stage/http-method/resource-path)",
        "https://github.com/VdoCipher/cloudhopper/issues/2 (add-permission with source ARN rest-api-id/*)",
        "https://github.com/serverless/serverless/issues/1913",
    ),
    limits="Only source ARNs built from an API or stage of the stack are judged; literal suffixes such as /prod "
           "without wildcards are not compared with the routes.",
    check=check,
)
