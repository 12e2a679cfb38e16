resource "aws_iam_role" "checkout" {
  name = "checkout-sfn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "states.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "charge" {
  function_name = "checkout-charge"
  role          = "arn:aws:iam::123456789012:role/checkout-lambda"
  runtime       = "python3.13"
  handler       = "charge.handler"
  filename      = "build/charge.zip"
}

resource "aws_sfn_state_machine" "checkout" {
  name     = "checkout"
  role_arn = aws_iam_role.checkout.arn
  definition = jsonencode({
    Comment = "Charge the card, then notify"
    StartAt = "Charge"
    States = {
      Charge = {
        Type     = "Task"
        Resource = aws_lambda_function.charge.arn
        Catch    = [{ ErrorEquals = ["States.ALL"], Next = "Failed" }]
        Next     = "NotifyCustomer"
      }
      NotifyCustomer = {
        Type = "Pass"
        End  = true
      }
      Failed = {
        Type  = "Fail"
        Error = "ChargeFailed"
      }
    }
  })
}
