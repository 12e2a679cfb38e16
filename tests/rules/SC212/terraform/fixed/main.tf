resource "aws_apigatewayv2_api" "http" {
  name          = "ingest"
  protocol_type = "HTTP"
}

resource "aws_cloudwatch_event_bus" "orders" {
  name = "orders"
}

resource "aws_iam_role" "api_events" {
  name = "ingest-api-events"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "apigateway.amazonaws.com" } }]
  })
}

resource "aws_apigatewayv2_integration" "events" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_subtype    = "EventBridge-PutEvents"
  credentials_arn        = aws_iam_role.api_events.arn
  payload_format_version = "1.0"

  request_parameters = {
    EventBusName = aws_cloudwatch_event_bus.orders.name
    Source       = "ingest.api"
    DetailType   = "OrderPlaced"
    Detail       = "$request.body"
  }
}

resource "aws_apigatewayv2_route" "events" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "POST /events"
  target    = "integrations/${aws_apigatewayv2_integration.events.id}"
}
