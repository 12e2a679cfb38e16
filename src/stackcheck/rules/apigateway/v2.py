"""API Gateway v2 (HTTP and WebSocket APIs): field names per framework and the API a resource belongs to."""

from __future__ import annotations

from typing import Any

from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import FieldMap

API = FieldMap({
    "aws_apigatewayv2_api": {"protocol": "protocol_type", "body": "body"},
    "AWS::ApiGatewayV2::Api": {"protocol": "ProtocolType", "body": "Body"},
})
ROUTE = FieldMap({
    "aws_apigatewayv2_route": {"api": "api_id", "key": "route_key", "target": "target",
                               "auth": "authorization_type", "authorizer": "authorizer_id"},
    "AWS::ApiGatewayV2::Route": {"api": "ApiId", "key": "RouteKey", "target": "Target",
                                 "auth": "AuthorizationType", "authorizer": "AuthorizerId"},
})
INTEGRATION = FieldMap({
    "aws_apigatewayv2_integration": {"api": "api_id", "type": "integration_type",
                                     "payload": "payload_format_version", "subtype": "integration_subtype"},
    "AWS::ApiGatewayV2::Integration": {"api": "ApiId", "type": "IntegrationType",
                                       "payload": "PayloadFormatVersion", "subtype": "IntegrationSubtype"},
})
AUTHORIZER = FieldMap({
    "aws_apigatewayv2_authorizer": {"api": "api_id", "type": "authorizer_type", "jwt": "jwt_configuration",
                                    "issuer": "jwt_configuration.issuer",
                                    "payload": "authorizer_payload_format_version"},
    "AWS::ApiGatewayV2::Authorizer": {"api": "ApiId", "type": "AuthorizerType", "jwt": "JwtConfiguration",
                                      "issuer": "JwtConfiguration.Issuer",
                                      "payload": "AuthorizerPayloadFormatVersion"},
})

HTTP = "HTTP"
WEBSOCKET = "WEBSOCKET"


def protocol_of(stack: Stack, res: Resource, field_map: FieldMap) -> str | None:
    """"HTTP" or "WEBSOCKET" for the API a route, integration or authorizer belongs to; None when unknown."""
    api = stack.resolve(field_map.get(res, "api"))
    if api is None or api.type not in API.types:
        return None
    protocol = API.get(api, "protocol")
    return protocol.upper() if isinstance(protocol, str) else None


def tf_or_cfn(res: Resource, terraform: Any, cloudformation: Any) -> Any:
    return terraform if res.framework == "terraform" else cloudformation
