"""SC205: a REST API stage without access logging, execution logging or throttling."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_list
from stackcheck.rules.base import Context, Rule


def _settings(stack: Stack, stage: Resource) -> list[dict[str, object]]:
    """Method settings that apply to the stage, inline (CFN) or as aws_api_gateway_method_settings."""
    if stage.framework == "cloudformation":
        return [s for s in as_list(stage.get("MethodSettings")) if isinstance(s, dict)]
    out = []
    for ms in stack.referrers.get(stage.base_address, ()):
        if ms.type == "aws_api_gateway_method_settings":
            out.extend(s for s in as_list(ms.get("settings")) if isinstance(s, dict))
    return out


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for stage in stack.of_type("aws_api_gateway_stage", "AWS::ApiGateway::Stage"):
        tf = stage.framework == "terraform"
        access = stage.get("access_log_settings" if tf else "AccessLogSetting")
        settings = _settings(stack, stage)
        level_key, rate_key = ("logging_level", "throttling_rate_limit") if tf else ("LoggingLevel", "ThrottlingRateLimit")
        missing = []
        if access is None:
            missing.append("access logging")
        if not any(str(s.get(level_key, "OFF")).upper() in ("INFO", "ERROR") for s in settings):
            missing.append("execution logging")
        if not any(s.get(rate_key) is not None for s in settings):
            missing.append("throttling")
        if missing:
            attr = "access_log_settings" if tf else "AccessLogSetting"
            yield RULE.finding(
                stage, attr,
                f"the stage has no {', '.join(missing)}: requests are neither recorded nor limited",
                "add access_log_settings (destination_arn, format) and an aws_api_gateway_method_settings with "
                "logging_level and throttling limits" if tf else
                "add AccessLogSetting (DestinationArn, Format) and MethodSettings with LoggingLevel, "
                "ThrottlingRateLimit and ThrottlingBurstLimit",
            )


RULE = Rule(
    id="SC205", name="apigw-stage-logging-throttling",
    title="API stage without access logging, execution logging or throttling",
    severity="medium", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="A REST API stage with no access log destination, no method settings that turn on execution "
          "logging, or no throttling limits.",
    why="Production APIs must be observable and protected against bursts (requirement profile: API logging "
        "and throttling).",
    error="",
    broken="ApiStage:\n  Type: AWS::ApiGateway::Stage\n  Properties:\n    StageName: prod",
    fixed="    AccessLogSetting: {DestinationArn: !GetAtt ApiLogs.Arn, Format: ...}\n"
          "    MethodSettings: [{ResourcePath: '/*', HttpMethod: '*', LoggingLevel: INFO,\n"
          "                      ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000}]",
    evidence=(
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html",
        "../shared/seeds/002 section 11 (the stated requirement)",
    ),
    check=check,
    origin="seed",
)
