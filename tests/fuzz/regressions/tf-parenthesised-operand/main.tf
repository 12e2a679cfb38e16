# Found by tests/fuzz/test_properties.py: the grammar flattens "(0) + 1" into sibling nodes "(",
# expression, ")", "+", ..., and the evaluator took "(" for the operator (IndexError).
locals {
  sum     = (1) + 2
  product = -(3) * (2)
  negated = !(false)
  nested  = (local.m).x + 1
  m       = { x = 4 }
}

resource "aws_sqs_queue" "q" {
  name          = "queue-${local.sum}"
  delay_seconds = (local.product) + 6
}
