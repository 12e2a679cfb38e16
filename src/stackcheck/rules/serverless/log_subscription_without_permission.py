"""SC812: a CloudWatch Logs subscription filter to a Lambda function that CloudWatch Logs may not invoke."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.invoke import allows, grants, log_subscriptions


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    index = grants(stack)
    if index.unplaced:
        return
    for inv in log_subscriptions(stack):
        perms = index.of(inv.function)
        verdict = allows(perms, inv.service)
        tf = inv.holder.framework == "terraform"
        perm_type = "aws_lambda_permission" if tf else "AWS::Lambda::Permission"
        if verdict is False:
            yield RULE.finding(
                inv.holder, inv.attribute,
                f"the subscription filter delivers to the function {inv.function.address}, which has no {perm_type} "
                "for logs.amazonaws.com: PutSubscriptionFilter test-invokes the destination and fails with "
                "InvalidParameterException: Could not execute the lambda function. Make sure you have given "
                "CloudWatch Logs permission to execute your function.",
                f"add a {perm_type} with action lambda:InvokeFunction, principal logs.amazonaws.com and source ARN "
                f"= the log group ARN (\"LOG_GROUP_ARN:*\"), and make the filter depend on it",
            )
        elif verdict and not any(stack.depends_transitively(inv.holder, p.address) for p in perms):
            names = ", ".join(p.address for p in perms)
            yield RULE.finding(
                inv.holder, inv.attribute,
                f"the subscription filter does not wait for {names}: both are created in parallel and "
                "PutSubscriptionFilter may test-invoke the function before the permission exists (Could not execute "
                "the lambda function)",
                ("add depends_on = [" + names + "]") if tf else f"add DependsOn: [{names}]",
                blocker=False, severity="medium",
            )


RULE = Rule(
    id="SC812", name="log-subscription-lambda-not-permitted",
    title="Log subscription filter to a Lambda function CloudWatch Logs may not invoke",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_cloudwatch_log_subscription_filter / AWS::Logs::SubscriptionFilter whose destination is a Lambda "
          "function of the stack with no Lambda permission for logs.amazonaws.com (blocker), or one that does "
          "not wait for that permission (warning).",
    why="PutSubscriptionFilter checks that CloudWatch Logs can invoke the destination function and refuses the "
        "filter otherwise. The permission is a separate resource; neither the provider nor CloudFormation orders "
        "it before the filter unless the filter refers to it or depends on it.",
    error="InvalidParameterException: Could not execute the lambda function. Make sure you have given CloudWatch "
          "Logs permission to execute your function.",
    broken='resource "aws_cloudwatch_log_subscription_filter" "ship" {\n  name            = "ship-to-search"\n'
           '  log_group_name  = aws_cloudwatch_log_group.app.name\n  filter_pattern  = ""\n'
           '  destination_arn = aws_lambda_function.shipper.arn\n}',
    fixed='resource "aws_lambda_permission" "logs" {\n  action        = "lambda:InvokeFunction"\n'
          '  function_name = aws_lambda_function.shipper.function_name\n  principal     = "logs.amazonaws.com"\n'
          '  source_arn    = "${aws_cloudwatch_log_group.app.arn}:*"\n}\n'
          '# and in the filter: depends_on = [aws_lambda_permission.logs]',
    evidence=(
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample "
        "(step: grant CloudWatch Logs the permission to execute your function)",
        "https://github.com/newrelic/aws-log-ingestion/pull/1 (CloudFormation: Could not execute the lambda function)",
        "https://github.com/dougmoscrop/serverless-plugin-log-subscription/issues/6",
        "https://github.com/app-sre/qontract-reconcile/pull/1291 (Terraform: Error creating Cloudwatch log "
        "subscription filter: InvalidParameterException)",
    ),
    limits="Only destination functions created in the stack are judged; a Lambda permission naming its function "
           "through a variable silences the rule. The permission's source ARN is not compared with the log group.",
    check=check,
)
