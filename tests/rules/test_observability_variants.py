"""SC852 beyond its fixtures: keys named through an alias, keys it cannot judge, composite alarms."""

from __future__ import annotations

from stackcheck.scan import scan

ALARM = '''
resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "errors"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.alarms.arn]
}
'''


def sc852(write, tf: str) -> list[str]:
    root = write({"main.tf": tf + ALARM})
    return [f.resource for f in scan([str(root)]).findings if f.rule_id == "SC852"]


def test_key_named_through_a_stack_alias_is_followed(write):
    tf = '''
resource "aws_kms_key" "k" {}
resource "aws_kms_alias" "a" {
  name          = "alias/alarms"
  target_key_id = aws_kms_key.k.key_id
}
resource "aws_sns_topic" "alarms" {
  kms_master_key_id = aws_kms_alias.a.name
}
'''
    assert sc852(write, tf) == ["aws_cloudwatch_metric_alarm.errors"]


def test_aws_managed_key_by_alias_arn(write):
    tf = '''
resource "aws_sns_topic" "alarms" {
  kms_master_key_id = "arn:aws:kms:eu-west-1:111122223333:alias/aws/sns"
}
'''
    assert sc852(write, tf) == ["aws_cloudwatch_metric_alarm.errors"]


def test_keys_it_cannot_judge_are_left_alone(write):
    outside = '''
variable "key_arn" {
  type = string
}
resource "aws_sns_topic" "alarms" {
  kms_master_key_id = var.key_arn
}
'''
    open_policy = '''
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "kms:*", Resource = "*" }]
  })
}
resource "aws_sns_topic" "alarms" {
  kms_master_key_id = aws_kms_key.k.arn
}
'''
    replaced = '''
resource "aws_kms_key" "k" {}
resource "aws_kms_key_policy" "k" {
  key_id = aws_kms_key.k.id
  policy = "{}"
}
resource "aws_sns_topic" "alarms" {
  kms_master_key_id = aws_kms_key.k.arn
}
'''
    unencrypted = 'resource "aws_sns_topic" "alarms" {}\n'
    for tf in (outside, open_policy, replaced, unencrypted):
        assert sc852(write, tf) == [], tf


def test_queues_behind_eventbridge_and_sns_subscriptions(write):
    tf = '''
resource "aws_sqs_queue" "q" {
  kms_master_key_id = "alias/aws/sqs"
}
resource "aws_sns_topic" "t" {}
resource "aws_sns_topic_subscription" "s" {
  topic_arn = aws_sns_topic.t.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.q.arn
}
resource "aws_cloudwatch_event_rule" "r" {
  event_pattern = jsonencode({ source = ["aws.ecs"] })
}
resource "aws_cloudwatch_event_target" "e" {
  rule = aws_cloudwatch_event_rule.r.name
  arn  = aws_sqs_queue.q.arn
}
'''
    root = write({"main.tf": tf})
    found = {(f.resource, f.attribute) for f in scan([str(root)]).findings if f.rule_id == "SC852"}
    assert found == {("aws_sns_topic_subscription.s", "endpoint"), ("aws_cloudwatch_event_target.e", "arn")}
    (root / "main.tf").write_text(tf.replace('kms_master_key_id = "alias/aws/sqs"', "sqs_managed_sse_enabled = true"))
    assert not [f for f in scan([str(root)]).findings if f.rule_id == "SC852"]
