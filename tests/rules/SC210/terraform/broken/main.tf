resource "aws_apigatewayv2_api" "http" {
  name          = "catalog"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_vpc_link" "catalog" {
  name               = "catalog"
  subnet_ids         = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1c2d3e4f5a60719"]
  security_group_ids = ["sg-0123456789abcdef0"]
}

resource "aws_apigatewayv2_integration" "catalog" {
  api_id             = aws_apigatewayv2_api.http.id
  integration_type   = "HTTP_PROXY"
  integration_method = "ANY"
  integration_uri    = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/catalog/50dc6c495c0c9188/0467ef3c8400ae65"
  connection_type    = "VPC_LINK"
  connection_id      = aws_apigatewayv2_vpc_link.catalog.id
}

resource "aws_apigatewayv2_route" "items" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "/items/{proxy+} ANY"
  target    = "integrations/${aws_apigatewayv2_integration.catalog.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
}
