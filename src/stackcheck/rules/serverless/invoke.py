"""Who invokes which Lambda function, and which Lambda permissions (resource policy statements) allow it.

Services that push events to Lambda (API Gateway, SNS, EventBridge, IoT, CloudWatch Logs) call Invoke as
their service principal; only a statement in the function's resource policy (aws_lambda_permission,
AWS::Lambda::Permission) lets them. Several rules read the same two indexes built here once per stack.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_list, pieces
from stackcheck.rules.base import FieldMap

FUNCTION_TYPES = ("aws_lambda_function", "AWS::Lambda::Function")
PERMISSION = FieldMap({
    "aws_lambda_permission": {"function": "function_name", "principal": "principal", "source": "source_arn",
                              "action": "action", "qualifier": "qualifier"},
    "AWS::Lambda::Permission": {"function": "FunctionName", "principal": "Principal", "source": "SourceArn",
                                "action": "Action"},
})

APIGATEWAY = "apigateway.amazonaws.com"
SNS = "sns.amazonaws.com"
EVENTS = "events.amazonaws.com"
IOT = "iot.amazonaws.com"
LOGS = "logs.amazonaws.com"  # also written logs.REGION.amazonaws.com


def function_in(stack: Stack, value: Any) -> Resource | None:
    """The stack's Lambda function that a value names: a reference, or a template (an invoke URI) holding one."""
    for piece in pieces(value):
        target = stack.resolve(piece)
        if target is not None and target.type in FUNCTION_TYPES:
            return target
    return None


def names_alias(value: Any) -> bool:
    """True when a value refers to a function version or alias (permissions then live on the qualifier)."""
    return any(isinstance(p, Unknown) and p.target_type in (
        "aws_lambda_alias", "AWS::Lambda::Alias", "AWS::Lambda::Version") for p in pieces(value))


def principal_matches(principal: Any, service: str) -> bool | None:
    """Does a permission's principal cover a service? None when the principal is not known statically."""
    if isinstance(principal, Unknown) and service == LOGS and principal.parts:
        first = principal.parts[0]  # logs.${AWS::Region}.amazonaws.com
        if isinstance(first, str) and first.startswith("logs."):
            return True
    if isinstance(principal, Unknown) or not isinstance(principal, str):
        return None
    if principal == "*" or principal == service:
        return True
    if service == LOGS:  # regional form: logs.us-east-1.amazonaws.com
        return principal.startswith("logs.") and principal.endswith(".amazonaws.com")
    return False


@dataclass
class Grants:
    """Lambda permissions by the function they attach to, and whether some cannot be placed."""

    by_function: dict[str, list[Resource]] = field(default_factory=dict)
    unplaced: bool = False  # a permission names its function through something we cannot resolve

    def of(self, fn: Resource) -> list[Resource]:
        return self.by_function.get(fn.address, [])


def grants(stack: Stack) -> Grants:
    """Index every Lambda permission by its function (linear in the number of permissions)."""
    by_name: dict[str, Resource] = {}
    computed_names = False  # some function's name is only known at deploy time
    for fn in stack.of_type(*FUNCTION_TYPES):
        name = fn.get("function_name" if fn.framework == "terraform" else "FunctionName")
        if isinstance(name, str):
            by_name[name] = fn
        elif name is not None:
            computed_names = True
    out = Grants()
    for perm in PERMISSION.resources(stack):
        value = PERMISSION.get(perm, "function")
        fn = function_in(stack, value)
        if fn is None and isinstance(value, str):
            fn = by_name.get(value.rsplit(":function:", 1)[-1].split(":")[0])
            if fn is None:
                # A literal name of no function here: another stack's function, unless ours are named late.
                out.unplaced |= computed_names
                continue
        if fn is None:
            out.unplaced = True  # a function named through a variable or an import
            continue
        out.by_function.setdefault(fn.address, []).append(perm)
    return out


def allows(perms: list[Resource], service: str) -> bool | None:
    """True when a permission lets the service invoke; None when a principal is not known statically."""
    unsure = False
    for perm in perms:
        verdict = principal_matches(PERMISSION.get(perm, "principal"), service)
        if verdict:
            return True
        unsure |= verdict is None
    return None if unsure else False


@dataclass(frozen=True)
class Invoker:
    """One place that makes a service invoke a function."""

    holder: Resource  # the resource that configures the invocation
    attribute: str  # where the function is named
    function: Resource
    service: str  # the service principal that will call Invoke
    what: str  # how messages describe the caller


def _rest_integrations(stack: Stack) -> Iterator[Invoker]:
    for integ in stack.of_type("aws_api_gateway_integration"):
        kind = integ.get("type")
        if kind in ("AWS_PROXY", "AWS") and integ.get("credentials") is None:
            fn = function_in(stack, integ.get("uri"))
            if fn is not None and not names_alias(integ.get("uri")):
                yield Invoker(integ, "uri", fn, APIGATEWAY, "the REST API integration")
    for method in stack.of_type("AWS::ApiGateway::Method"):
        spec = method.get("Integration")
        if isinstance(spec, dict) and spec.get("Type") in ("AWS_PROXY", "AWS") and spec.get("Credentials") is None:
            fn = function_in(stack, spec.get("Uri"))
            if fn is not None and not names_alias(spec.get("Uri")):
                yield Invoker(method, "Integration.Uri", fn, APIGATEWAY, "the REST API method's integration")


def _http_integrations(stack: Stack) -> Iterator[Invoker]:
    fields = {"aws_apigatewayv2_integration": ("integration_type", "integration_uri", "credentials_arn"),
              "AWS::ApiGatewayV2::Integration": ("IntegrationType", "IntegrationUri", "CredentialsArn")}
    for integ in stack.of_type(*fields):
        kind_attr, uri_attr, role_attr = fields[integ.type]
        if integ.get(kind_attr) == "AWS_PROXY" and integ.get(role_attr) is None:
            uri = integ.get(uri_attr)
            fn = function_in(stack, uri)
            if fn is not None and not names_alias(uri):
                yield Invoker(integ, uri_attr, fn, APIGATEWAY, "the API Gateway v2 integration")


def _sns(stack: Stack) -> Iterator[Invoker]:
    fields = {"aws_sns_topic_subscription": ("protocol", "endpoint"), "AWS::SNS::Subscription": ("Protocol", "Endpoint")}
    for sub in stack.of_type(*fields):
        proto_attr, end_attr = fields[sub.type]
        if sub.get(proto_attr) == "lambda":
            fn = function_in(stack, sub.get(end_attr))
            if fn is not None and not names_alias(sub.get(end_attr)):
                yield Invoker(sub, end_attr, fn, SNS, "the SNS subscription")
    for topic in stack.of_type("AWS::SNS::Topic"):
        for i, inline in enumerate(as_list(topic.get("Subscription"))):
            if isinstance(inline, dict) and inline.get("Protocol") == "lambda":
                fn = function_in(stack, inline.get("Endpoint"))
                if fn is not None and not names_alias(inline.get("Endpoint")):
                    yield Invoker(topic, f"Subscription.{i}.Endpoint", fn, SNS, "the topic's subscription")


def _events(stack: Stack) -> Iterator[Invoker]:
    for target in stack.of_type("aws_cloudwatch_event_target"):
        fn = function_in(stack, target.get("arn"))
        if fn is not None and not names_alias(target.get("arn")):
            yield Invoker(target, "arn", fn, EVENTS, "the EventBridge target")
    for rule in stack.of_type("AWS::Events::Rule"):
        for i, spec in enumerate(as_list(rule.get("Targets"))):
            if isinstance(spec, dict):
                fn = function_in(stack, spec.get("Arn"))
                if fn is not None and not names_alias(spec.get("Arn")):
                    yield Invoker(rule, f"Targets.{i}.Arn", fn, EVENTS, "the EventBridge rule target")


def _iot(stack: Stack) -> Iterator[Invoker]:
    for rule in stack.of_type("aws_iot_topic_rule"):
        for i, action in enumerate(as_list(rule.get("lambda"))):
            if isinstance(action, dict):
                fn = function_in(stack, action.get("function_arn"))
                if fn is not None and not names_alias(action.get("function_arn")):
                    yield Invoker(rule, f"lambda.{i}.function_arn", fn, IOT, "the IoT topic rule action")
    for rule in stack.of_type("AWS::IoT::TopicRule"):
        for i, action in enumerate(as_list(rule.get("TopicRulePayload.Actions"))):
            spec = action.get("Lambda") if isinstance(action, dict) else None
            if isinstance(spec, dict):
                fn = function_in(stack, spec.get("FunctionArn"))
                if fn is not None and not names_alias(spec.get("FunctionArn")):
                    yield Invoker(rule, f"TopicRulePayload.Actions.{i}.Lambda.FunctionArn", fn, IOT,
                                  "the IoT topic rule action")


def push_invokers(stack: Stack) -> Iterator[Invoker]:
    """Every service that pushes to a function of this stack at run time (not at creation)."""
    yield from _rest_integrations(stack)
    yield from _http_integrations(stack)
    yield from _sns(stack)
    yield from _events(stack)
    yield from _iot(stack)


def log_subscriptions(stack: Stack) -> Iterator[Invoker]:
    """Log subscription filters that deliver to a function of this stack (checked at creation)."""
    fields = {"aws_cloudwatch_log_subscription_filter": "destination_arn",
              "AWS::Logs::SubscriptionFilter": "DestinationArn"}
    for sub in stack.of_type(*fields):
        attr = fields[sub.type]
        fn = function_in(stack, sub.get(attr))
        if fn is not None and not names_alias(sub.get(attr)):
            yield Invoker(sub, attr, fn, LOGS, "the log subscription filter")
