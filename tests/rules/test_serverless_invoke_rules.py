"""Tricky variants of the invoke-permission, API Gateway v2, Firehose, Glue, Step Functions and schedule rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackcheck.rules.apigateway.http_route_key_format import problem as route_key_problem
from stackcheck.rules.serverless.event_rule_schedule_expression import problem as schedule_problem
from stackcheck.scan import scan

FUNCTION_TF = '''
resource "aws_lambda_function" "fn" {
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/worker"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/worker.zip"
}
'''

FUNCTION_CFN = '''AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/worker
      Code: {ZipFile: "def handler(e, c): return None"}
'''


def _tf(tmp_path: Path, text: str, rule_id: str) -> list:
    (tmp_path / "main.tf").write_text(text)
    return [f for f in scan([str(tmp_path)]).findings if f.rule_id == rule_id]


def _cfn(tmp_path: Path, text: str, rule_id: str) -> list:
    (tmp_path / "template.yaml").write_text(text)
    return [f for f in scan([str(tmp_path)]).findings if f.rule_id == rule_id]


SNS_TF = FUNCTION_TF + '''
resource "aws_sns_topic" "events" {
  name = "events"
}

resource "aws_sns_topic_subscription" "fn" {
  topic_arn = aws_sns_topic.events.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.fn.arn
}
'''


def test_sns_lambda_subscription_without_permission(tmp_path: Path) -> None:
    found = _tf(tmp_path, SNS_TF, "SC811")
    assert len(found) == 1 and "sns.amazonaws.com" in found[0].message


def test_permission_with_literal_function_name_grants(tmp_path: Path) -> None:
    text = SNS_TF + '''
resource "aws_lambda_permission" "sns" {
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.events.arn
}
'''
    assert _tf(tmp_path, text, "SC811") == []


def test_permission_for_another_service_does_not_grant(tmp_path: Path) -> None:
    text = SNS_TF + '''
resource "aws_lambda_permission" "events" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "events.amazonaws.com"
}
'''
    assert len(_tf(tmp_path, text, "SC811")) == 1


def test_permission_naming_function_through_variable_silences(tmp_path: Path) -> None:
    text = SNS_TF + '''
variable "fn_name" {
  type = string
}

resource "aws_lambda_permission" "sns" {
  action        = "lambda:InvokeFunction"
  function_name = var.fn_name
  principal     = "sns.amazonaws.com"
}
'''
    assert _tf(tmp_path, text, "SC811") == []


def test_rest_integration_with_credentials_needs_no_permission(tmp_path: Path) -> None:
    text = FUNCTION_TF + '''
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = "AWS_IAM"
}

resource "aws_api_gateway_integration" "get" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = "GET"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.fn.invoke_arn
  CREDENTIALS
}
'''
    assert len(_tf(tmp_path, text.replace("CREDENTIALS", ""), "SC811")) == 1
    with_role = text.replace("CREDENTIALS", 'credentials = "arn:aws:iam::123456789012:role/api-invoke"')
    assert _tf(tmp_path, with_role, "SC811") == []


def test_cfn_rest_method_and_inline_topic_subscription(tmp_path: Path) -> None:
    text = FUNCTION_CFN + '''  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: api}
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: AWS_IAM
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      Subscription:
        - Protocol: lambda
          Endpoint: !GetAtt Fn.Arn
'''
    found = _cfn(tmp_path, text, "SC811")
    assert {f.resource for f in found} == {"Get", "Topic"}


def test_iot_rule_lambda_action(tmp_path: Path) -> None:
    text = FUNCTION_TF + '''
resource "aws_iot_topic_rule" "telemetry" {
  name        = "telemetry"
  enabled     = true
  sql         = "SELECT * FROM 'devices/+/telemetry'"
  sql_version = "2016-03-23"

  lambda {
    function_arn = aws_lambda_function.fn.arn
  }
}
'''
    found = _tf(tmp_path, text, "SC811")
    assert len(found) == 1 and "iot.amazonaws.com" in found[0].message


def test_event_target_on_alias_is_not_judged(tmp_path: Path) -> None:
    text = FUNCTION_TF + '''
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.fn.function_name
  function_version = "1"
}

resource "aws_cloudwatch_event_rule" "tick" {
  name                = "tick"
  schedule_expression = "rate(5 minutes)"
}

resource "aws_cloudwatch_event_target" "tick" {
  rule = aws_cloudwatch_event_rule.tick.name
  arn  = aws_lambda_alias.live.arn
}
'''
    assert _tf(tmp_path, text, "SC811") == []


LOGS_TF = FUNCTION_TF + '''
resource "aws_cloudwatch_log_group" "app" {
  name = "/app"
}

resource "aws_lambda_permission" "logs" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "logs.eu-west-1.amazonaws.com"
}

resource "aws_cloudwatch_log_subscription_filter" "ship" {
  name            = "ship"
  log_group_name  = aws_cloudwatch_log_group.app.name
  filter_pattern  = ""
  destination_arn = aws_lambda_function.fn.arn
  DEPENDS
}
'''


def test_log_subscription_not_waiting_for_permission_is_a_warning(tmp_path: Path) -> None:
    found = _tf(tmp_path, LOGS_TF.replace("DEPENDS", ""), "SC812")
    assert len(found) == 1 and not found[0].blocker
    fixed = LOGS_TF.replace("DEPENDS", "depends_on = [aws_lambda_permission.logs]")
    assert _tf(tmp_path, fixed, "SC812") == []


API_PERMISSION_TF = FUNCTION_TF + '''
resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "live" {
  api_id = aws_apigatewayv2_api.http.id
  name   = "live"
}

resource "aws_lambda_permission" "api" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = SOURCE
}
'''


@pytest.mark.parametrize(("source", "bad"), [
    ("aws_apigatewayv2_api.http.arn", True),
    ('"${aws_apigatewayv2_api.http.arn}/*/*"', True),
    ("aws_apigatewayv2_stage.live.execution_arn", True),
    ('"${aws_apigatewayv2_stage.live.execution_arn}/*"', False),
    ('"${aws_apigatewayv2_api.http.execution_arn}/*"', False),
    ('"arn:aws:execute-api:eu-west-1:123456789012:abc123/*/*"', False),
])
def test_apigateway_source_arn_shapes(tmp_path: Path, source: str, bad: bool) -> None:
    found = _tf(tmp_path, API_PERMISSION_TF.replace("SOURCE", source), "SC813")
    assert bool(found) is bad


def test_bad_source_arn_is_harmless_next_to_a_good_permission(tmp_path: Path) -> None:
    text = API_PERMISSION_TF.replace("SOURCE", "aws_apigatewayv2_api.http.execution_arn") + '''
resource "aws_lambda_permission" "api_all" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
}
'''
    assert _tf(tmp_path, text, "SC813") == []


def test_cfn_stream_arn_of_table_without_stream(tmp_path: Path) -> None:
    text = FUNCTION_CFN + '''  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
      KeySchema: [{AttributeName: pk, KeyType: HASH}]
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Fn
      EventSourceArn: !GetAtt Table.StreamArn
      StartingPosition: LATEST
'''
    found = _cfn(tmp_path, text, "SC814")
    assert len(found) == 1 and "no stream enabled" in found[0].message


def test_sfn_level_without_destination(tmp_path: Path) -> None:
    text = '''
resource "aws_sfn_state_machine" "sm" {
  name       = "sm"
  role_arn   = "arn:aws:iam::123456789012:role/sfn"
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Pass", End = true } } })

  logging_configuration {
    level = "ALL"
  }
}
'''
    found = _tf(tmp_path, text, "SC815")
    assert len(found) == 1 and "Must specify exactly one Log Destination" in found[0].message
    assert _tf(tmp_path, text.replace('"ALL"', '"OFF"'), "SC815") == []


def test_firehose_default_buffer_size_with_dynamic_partitioning(tmp_path: Path) -> None:
    text = '''
resource "aws_kinesis_firehose_delivery_stream" "s" {
  name        = "s"
  destination = "extended_s3"

  extended_s3_configuration {
    role_arn            = "arn:aws:iam::123456789012:role/firehose"
    bucket_arn          = "arn:aws:s3:::lake"
    prefix              = "d/!{partitionKeyFromLambda:tenant}/"
    error_output_prefix = "errors/"

    dynamic_partitioning_configuration {
      enabled = ENABLED
    }
  }
}
'''
    found = _tf(tmp_path, text.replace("ENABLED", "true"), "SC816")
    assert len(found) == 1 and "5 MB" in found[0].message
    assert _tf(tmp_path, text.replace("ENABLED", "false"), "SC816") == []


def test_glue_ray_job_needs_z2x(tmp_path: Path) -> None:
    text = '''
resource "aws_glue_job" "ray" {
  name              = "ray"
  role_arn          = "arn:aws:iam::123456789012:role/glue"
  glue_version      = "4.0"
  worker_type       = "WORKER"
  number_of_workers = 2

  command {
    name            = "glueray"
    python_version  = "3.9"
    runtime         = "Ray2.4"
    script_location = "s3://jobs/ray.py"
  }
}
'''
    assert len(_tf(tmp_path, text.replace("WORKER", "G.1X"), "SC817")) == 1
    assert _tf(tmp_path, text.replace("WORKER", "Z.2X"), "SC817") == []


@pytest.mark.parametrize(("expr", "ok"), [
    ("rate(1 minute)", True), ("rate(5 minutes)", True), ("rate(1 day)", True), ("rate(30 days)", True),
    ("rate(1 minutes)", False), ("rate(5 minute)", False), ("rate(0 hours)", False), ("rate(10 seconds)", False),
    ("rate(10 MINUTES)", False), ("rate( 10 minutes )", False),
    ("cron(0 3 * * ? *)", True), ("cron(0 18 ? * MON-FRI *)", True), ("cron(0/15 * * * ? *)", True),
    ("cron(0 3 * * *)", False), ("cron(0 12 1 * MON *)", False), ("cron(0 12 ? * ? *)", False),
    ("at(2030-01-01T00:00:00)", False),
])
def test_schedule_expressions(expr: str, ok: bool) -> None:
    assert (schedule_problem(expr) is None) is ok


def test_schedule_on_custom_bus(tmp_path: Path) -> None:
    text = '''
resource "aws_cloudwatch_event_bus" "orders" {
  name = "orders"
}

resource "aws_cloudwatch_event_rule" "tick" {
  name                = "tick"
  event_bus_name      = "orders"
  schedule_expression = "rate(5 minutes)"
}
'''
    found = _tf(tmp_path, text, "SC818")
    assert len(found) == 1 and "default event bus" in found[0].message


@pytest.mark.parametrize(("key", "ok"), [
    ("$default", True), ("GET /orders", True), ("ANY /orders/{proxy+}", True), ("POST /", True),
    ("/orders GET", False), ("/orders", False), ("GET  /orders", False),
    ("$connect", False), ("ANY /{proxy+}/x", False), ("FETCH /orders", False),
])
def test_http_route_keys(key: str, ok: bool) -> None:
    assert (route_key_problem(key) is None) is ok


WS_TF = '''
resource "aws_apigatewayv2_api" "ws" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}
'''


def test_websocket_route_keys_are_free_form(tmp_path: Path) -> None:
    text = WS_TF + '''
resource "aws_apigatewayv2_route" "send" {
  api_id    = aws_apigatewayv2_api.ws.id
  route_key = "sendmessage"
}
'''
    assert _tf(tmp_path, text, "SC210") == []


def test_jwt_authorizer_on_websocket(tmp_path: Path) -> None:
    text = WS_TF + '''
resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.ws.id
  authorizer_type  = "JWT"
  name             = "jwt"
  identity_sources = ["route.request.header.Authorization"]

  jwt_configuration {
    issuer   = "https://issuer.example.com"
    audience = ["chat"]
  }
}
'''
    found = _tf(tmp_path, text, "SC211")
    assert len(found) == 1 and "only for HTTP APIs" in found[0].message


def test_websocket_integration_payload_2(tmp_path: Path) -> None:
    text = WS_TF + FUNCTION_TF + '''
resource "aws_apigatewayv2_integration" "send" {
  api_id                 = aws_apigatewayv2_api.ws.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.fn.invoke_arn
  payload_format_version = "VERSION"
}
'''
    assert len(_tf(tmp_path, text.replace("VERSION", "2.0"), "SC212")) == 1
    assert _tf(tmp_path, text.replace("VERSION", "1.0"), "SC212") == []


def test_route_without_authorizer_id(tmp_path: Path) -> None:
    text = '''
resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "me" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "GET /me"
  authorization_type = "CUSTOM"
}
'''
    found = _tf(tmp_path, text, "SC213")
    assert len(found) == 1 and "authorizer_id is not set" in found[0].message


def test_rest_integration_uri_literal_lambda_arn(tmp_path: Path) -> None:
    text = '''
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}

resource "aws_api_gateway_integration" "get" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = "GET"
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = "URI"
}
'''
    bad = text.replace("URI", "arn:aws:lambda:eu-west-1:123456789012:function:orders")
    assert len(_tf(tmp_path, bad, "SC215")) == 1
    good = text.replace("URI", "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
                                "arn:aws:lambda:eu-west-1:123456789012:function:orders/invocations")
    assert _tf(tmp_path, good, "SC215") == []


def test_event_target_literal_fifo_arn_without_group(tmp_path: Path) -> None:
    text = '''
resource "aws_cloudwatch_event_rule" "r" {
  name          = "r"
  event_pattern = jsonencode({ source = ["shop"] })
}

resource "aws_cloudwatch_event_target" "t" {
  rule = aws_cloudwatch_event_rule.r.name
  arn  = "arn:aws:sqs:eu-west-1:123456789012:QUEUE"
}
'''
    assert len(_tf(tmp_path, text.replace("QUEUE", "orders.fifo"), "SC819")) == 1
    assert _tf(tmp_path, text.replace("QUEUE", "orders"), "SC819") == []


EVENTS_TO_QUEUE_TF = '''
resource "aws_sqs_queue" "q" {
  name   = "q"
  POLICY
}

resource "aws_cloudwatch_event_rule" "r" {
  name          = "r"
  event_pattern = jsonencode({ source = ["shop"] })
}

resource "aws_cloudwatch_event_target" "t" {
  rule = aws_cloudwatch_event_rule.r.name
  arn  = aws_sqs_queue.q.arn
}
'''


@pytest.mark.parametrize(("service", "found"), [("events.amazonaws.com", 0), ("sns.amazonaws.com", 1)])
def test_event_target_queue_inline_policy(tmp_path: Path, service: str, found: int) -> None:
    policy = ('policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", '
              f'Principal = {{ Service = "{service}" }}, Action = "sqs:SendMessage", Resource = "*" }}] }})')
    assert len(_tf(tmp_path, EVENTS_TO_QUEUE_TF.replace("POLICY", policy), "SC820")) == found


def test_event_target_queue_policy_unreadable_is_silent(tmp_path: Path) -> None:
    text = EVENTS_TO_QUEUE_TF.replace("POLICY", "") + '''
variable "policy" {
  type = string
}

resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy    = var.policy
}
'''
    assert _tf(tmp_path, text, "SC820") == []


PATTERN_TF = '''
variable "sources" {
  type = list(string)
}

resource "aws_cloudwatch_event_rule" "r" {
  name          = "r"
  event_pattern = jsonencode(PATTERN)
}
'''


@pytest.mark.parametrize(("pattern", "bad"), [
    ('{ source = ["aws.s3"], detail = { bucket = { name = ["uploads"] } } }', False),
    ('{ source = "aws.s3" }', True),
    ('{ source = ["aws.s3"], detail-type = [] }', True),
    ('{ "$or" = [{ source = ["aws.s3"] }, { source = "aws.ec2" }] }', True),
    ('{ detail = { state = [{ "anything-but" = "running" }] } }', False),
    ("{ source = var.sources }", False),
])
def test_event_pattern_shapes(tmp_path: Path, pattern: str, bad: bool) -> None:
    assert bool(_tf(tmp_path, PATTERN_TF.replace("PATTERN", pattern), "SC821")) is bad
