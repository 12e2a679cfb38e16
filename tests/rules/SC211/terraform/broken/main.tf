resource "aws_cognito_user_pool" "users" {
  name = "shop-users"
}

resource "aws_cognito_user_pool_client" "web" {
  name         = "web"
  user_pool_id = aws_cognito_user_pool.users.id
}

resource "aws_apigatewayv2_api" "http" {
  name          = "shop"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "users" {
  api_id           = aws_apigatewayv2_api.http.id
  authorizer_type  = "JWT"
  name             = "users"
  identity_sources = ["$request.header.Authorization"]
}

resource "aws_apigatewayv2_integration" "cart" {
  api_id             = aws_apigatewayv2_api.http.id
  integration_type   = "HTTP_PROXY"
  integration_method = "ANY"
  integration_uri    = "https://cart.example.com/{proxy}"
}

resource "aws_apigatewayv2_route" "cart" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "ANY /cart/{proxy+}"
  target             = "integrations/${aws_apigatewayv2_integration.cart.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.users.id
}
