"""How API Gateway resources hang together, in either framework (shared by the API rules)."""

from __future__ import annotations

from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import FieldMap

REST = FieldMap({
    "aws_api_gateway_method": {"api": "rest_api_id", "resource": "resource_id", "http_method": "http_method",
                               "auth": "authorization", "api_key": "api_key_required"},
    "AWS::ApiGateway::Method": {"api": "RestApiId", "resource": "ResourceId", "http_method": "HttpMethod",
                                "auth": "AuthorizationType", "api_key": "ApiKeyRequired",
                                "integration": "Integration"},
    "aws_api_gateway_integration": {"api": "rest_api_id", "resource": "resource_id", "http_method": "http_method"},
    "aws_api_gateway_deployment": {"api": "rest_api_id"},
    "AWS::ApiGateway::Deployment": {"api": "RestApiId"},
})
METHOD_TYPES = ("aws_api_gateway_method", "AWS::ApiGateway::Method")
DEPLOYMENT_TYPES = ("aws_api_gateway_deployment", "AWS::ApiGateway::Deployment")
OPENAPI_BODY = {"aws_api_gateway_rest_api": "body", "AWS::ApiGateway::RestApi": "Body"}


def api_of(stack: Stack, res: Resource) -> Resource | None:
    return stack.resolve(REST.get(res, "api"))


def defined_by_openapi(api: Resource) -> bool:
    attr = OPENAPI_BODY.get(api.type)
    return bool(attr and (api.get(attr) is not None or api.get("BodyS3Location") is not None))


def methods_of(stack: Stack, api: Resource) -> list[Resource]:
    return [m for m in stack.of_type(*METHOD_TYPES) if api_of(stack, m) is api]


def integration_for(stack: Stack, method: Resource) -> Resource | bool | None:
    """The integration of a method: a separate Terraform resource, True for a CloudFormation
    method's inline Integration, None when it has none."""
    if method.framework == "cloudformation":
        return True if method.get("Integration") is not None else None
    for candidate in stack.referrers.get(method.base_address, ()):
        if candidate.type == "aws_api_gateway_integration":
            return candidate
    want = (REST.get(method, "resource"), REST.get(method, "http_method"))
    for integ in stack.of_type("aws_api_gateway_integration"):
        got = (REST.get(integ, "resource"), REST.get(integ, "http_method"))
        if isinstance(want[1], str) and got[1] == want[1] and stack.resolve(got[0]) is not None and \
                stack.resolve(got[0]) is stack.resolve(want[0]):
            return integ
    return None
