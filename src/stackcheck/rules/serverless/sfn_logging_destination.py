"""SC815: a Step Functions logging configuration that logs but has no usable log group destination."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown, as_list, pieces
from stackcheck.rules.base import Context, Rule

_LOG_GROUPS = ("aws_cloudwatch_log_group",)


def _terraform(res: Resource) -> Iterator[tuple[str, str]]:
    level = res.get("logging_configuration.level")
    if not isinstance(level, str) or level == "OFF":
        return
    dest = res.get("logging_configuration.log_destination")
    if dest is None:
        yield ("logging_configuration.level",
               f'level = "{level}" with no log_destination: CreateStateMachine fails with InvalidLoggingConfiguration: '
               "Invalid Logging Configuration: Must specify exactly one Log Destination.")
        return
    parts = [p for p in pieces(dest) if p != ""]
    last = parts[-1] if parts else None
    # The provider's log group `arn` has no trailing :* (since provider 4.0); the API insists on it.
    if isinstance(last, Unknown) and last.target_type in _LOG_GROUPS and last.attr == "arn":
        yield ("logging_configuration.log_destination",
               f"log_destination = {last.ref} has no :* suffix: CreateStateMachine fails with "
               "InvalidLoggingConfiguration: Invalid Logging Configuration: Log Group ARN must be provided with "
               "'*' qualifier.")


def _cloudformation(res: Resource) -> Iterator[tuple[str, str]]:
    level = res.get("LoggingConfiguration.Level")
    if not isinstance(level, str) or level == "OFF":
        return
    dests = res.get("LoggingConfiguration.Destinations")
    if dests is None or (isinstance(dests, list) and not dests):
        yield ("LoggingConfiguration.Level",
               f"Level: {level} with no Destinations: the state machine fails to create with InvalidLoggingConfiguration: "
               "Invalid Logging Configuration: Must specify exactly one Log Destination.")
    elif isinstance(dests, list) and len(as_list(dests)) > 1:
        yield ("LoggingConfiguration.Destinations",
               f"{len(dests)} Destinations: InvalidLoggingConfiguration: Invalid Logging Configuration: Must specify "
               "exactly one Log Destination.")


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in stack.of_type("aws_sfn_state_machine", "AWS::StepFunctions::StateMachine"):
        problems = _terraform(res) if res.framework == "terraform" else _cloudformation(res)
        for attr, message in problems:
            fix = ('log_destination = "${aws_cloudwatch_log_group.NAME.arn}:*"' if res.framework == "terraform"
                   else "Destinations: [{CloudWatchLogsLogGroup: {LogGroupArn: !GetAtt LogGroup.Arn}}]")
            yield RULE.finding(res, attr, message, f"give exactly one log group: {fix} (or set the level to OFF)")


RULE = Rule(
    id="SC815", name="sfn-logging-without-destination",
    title="Step Functions logging enabled without a usable log destination",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_sfn_state_machine / AWS::StepFunctions::StateMachine whose logging level is ALL, ERROR or FATAL "
          "with no log destination (or several), and Terraform log destinations given as a log group's arn "
          "attribute without the :* suffix.",
    why="CreateStateMachine requires exactly one CloudWatch Logs destination whenever the level is not OFF, and "
        "the log group ARN must carry the :* qualifier. The provider's log group arn attribute has none, while "
        "CloudFormation's Fn::GetAtt LogGroup.Arn includes it; both schemas leave the destination optional.",
    error="InvalidLoggingConfiguration: Invalid Logging Configuration: Must specify exactly one Log Destination. / "
          "Log Group ARN must be provided with '*' qualifier.",
    broken='resource "aws_sfn_state_machine" "etl" {\n  # ...\n  logging_configuration {\n'
           '    level                  = "ERROR"\n    include_execution_data = true\n  }\n}',
    fixed='  logging_configuration {\n    log_destination        = "${aws_cloudwatch_log_group.etl.arn}:*"\n'
          '    level                  = "ERROR"\n    include_execution_data = true\n  }',
    evidence=(
        "https://docs.aws.amazon.com/step-functions/latest/apireference/API_LoggingConfiguration.html",
        "https://github.com/hashicorp/terraform-provider-aws/issues/17682 and "
        "https://github.com/hashicorp/terraform-provider-aws/pull/17683 (Log Group ARN must be provided with '*' "
        "qualifier)",
        "https://github.com/localstack/localstack/blob/master/localstack-core/localstack/services/stepfunctions/"
        "provider.py (reproduces AWS: a level other than OFF needs exactly one destination)",
        "https://github.com/DataDog/datadog-cloudformation-macro/pull/143 (level ALL without a log group fails "
        "the deployment)",
    ),
    limits="A destination built from a variable or an expression is trusted; only a bare reference to a log "
           "group's arn attribute is judged for the :* suffix.",
    check=check,
)
