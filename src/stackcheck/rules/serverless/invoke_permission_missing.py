"""SC811: a Lambda function that API Gateway, SNS, EventBridge or IoT invokes, with no permission for that service."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.invoke import allows, grants, push_invokers

_SYMPTOM = {
    "apigateway.amazonaws.com": 'every request answers 500 and the execution log says "Execution failed due to '
                                'configuration error: Invalid permissions on Lambda function"',
    "sns.amazonaws.com": "SNS cannot deliver a single message to it (the delivery fails and is dropped after its "
                         "retries)",
    "events.amazonaws.com": "every matching event fails to invoke it (FailedInvocations rises, the function never "
                            "runs)",
    "iot.amazonaws.com": "every matching message fails the rule action",
}


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    index = grants(stack)
    if index.unplaced:
        return  # a permission we cannot attach to a function may be the one that grants
    reported: set[tuple[str, str, str]] = set()
    verdicts: dict[tuple[str, str], bool | None] = {}  # (function, service) -> allowed, computed once
    for inv in push_invokers(stack):
        key = (inv.holder.address, inv.function.address, inv.service)
        pair = (inv.function.address, inv.service)
        if pair not in verdicts:
            verdicts[pair] = allows(index.of(inv.function), inv.service)
        if key in reported or verdicts[pair] is not False:
            continue
        reported.add(key)
        tf = inv.holder.framework == "terraform"
        perm_type = "aws_lambda_permission" if tf else "AWS::Lambda::Permission"
        yield RULE.finding(
            inv.holder, inv.attribute,
            f"{inv.what} invokes the function {inv.function.address}, but no {perm_type} lets {inv.service} invoke "
            f"it: the stack deploys and {_SYMPTOM[inv.service]}",
            f"add a {perm_type} with action lambda:InvokeFunction, principal {inv.service}, the function "
            f"{inv.function.address} and source ARN = the caller's ARN"
            + (" (for API Gateway: EXECUTION_ARN/*/*)" if inv.service == "apigateway.amazonaws.com" else ""),
        )


RULE = Rule(
    id="SC811", name="lambda-invoke-permission-missing",
    title="Lambda function invoked by a service that has no permission to invoke it",
    severity="high", blocker=True, category="runtime-failure",
    frameworks=("terraform", "cloudformation"), stage="runtime",
    finds="A REST API integration (AWS_PROXY/AWS without an integration role), an HTTP/WebSocket API Lambda "
          "integration, an SNS subscription with protocol lambda, an EventBridge target or an IoT rule Lambda "
          "action that names a function of this stack, when no aws_lambda_permission / AWS::Lambda::Permission "
          "for that function grants the caller's service principal.",
    why="These services call lambda:Invoke as their service principal, which only a statement in the function's "
        "resource-based policy can allow. Creating the integration, subscription, target or rule does not check "
        "it, so the stack deploys and every invocation is refused.",
    error="Execution failed due to configuration error: Invalid permissions on Lambda function (API Gateway); "
          "FailedInvocations (EventBridge); NumberOfNotificationsFailed (SNS)",
    broken='resource "aws_apigatewayv2_integration" "orders" {\n  api_id                 = aws_apigatewayv2_api.http.id\n'
           '  integration_type       = "AWS_PROXY"\n  integration_uri        = aws_lambda_function.orders.invoke_arn\n'
           '  payload_format_version = "2.0"\n}\n# no aws_lambda_permission for apigateway.amazonaws.com',
    fixed='resource "aws_lambda_permission" "orders_from_api" {\n  action        = "lambda:InvokeFunction"\n'
          '  function_name = aws_lambda_function.orders.function_name\n  principal     = "apigateway.amazonaws.com"\n'
          '  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*"\n}',
    evidence=(
        "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html (other AWS services need "
        "a resource-based policy statement to invoke a function)",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html",
        "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-lambda-permissions",
        "https://docs.aws.amazon.com/sns/latest/dg/sns-lambda-as-subscriber.html",
        "https://docs.aws.amazon.com/iot/latest/developerguide/lambda-rule-action.html",
        "https://github.com/serverless/serverless/issues/1913 (Invalid permissions on Lambda function)",
        "https://github.com/CodeGenieApp/serverless-express/issues/247",
        "https://github.com/aws/aws-cdk/issues/18201 (HTTP API route without a Lambda permission)",
    ),
    limits="Only functions created in the stack are judged, and only when every Lambda permission of the stack can "
           "be attached to a function (a permission naming its function through a variable silences the rule). "
           "Integrations with an integration role (credentials) and calls through an alias or version are skipped. "
           "The permission's source ARN is compared by SC813, not here.",
    check=check,
)
