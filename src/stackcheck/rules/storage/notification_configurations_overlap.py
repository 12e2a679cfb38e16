"""SC658: two S3 event notification configurations of one bucket that overlap (same event, overlapping keys)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_list
from stackcheck.rules.base import Context, Rule


@dataclass(frozen=True)
class Config:
    path: str  # attribute path, for the finding
    events: tuple[str, ...]
    prefix: str
    suffix: str


def events_overlap(a: str, b: str) -> bool:
    """s3:ObjectCreated:* covers s3:ObjectCreated:Put; s3:ObjectCreated:* and s3:ObjectRemoved:* do not overlap."""
    if a == b:
        return True
    return any(wide.endswith("*") and narrow.startswith(wide[:-1]) for wide, narrow in ((a, b), (b, a)))


def _tf_configs(note: Resource) -> list[Config] | None:
    out = []
    for block in ("queue", "topic", "lambda_function"):
        for i, conf in enumerate(as_list(note.get(block))):
            if not isinstance(conf, dict):
                return None
            events, prefix, suffix = conf.get("events"), conf.get("filter_prefix") or "", conf.get("filter_suffix") or ""
            if not isinstance(events, list) or not all(isinstance(e, str) for e in events) \
                    or not isinstance(prefix, str) or not isinstance(suffix, str):
                return None
            out.append(Config(f"{block}.{i}", tuple(events), prefix, suffix))
    return out


def _cfn_configs(bucket: Resource) -> list[Config] | None:
    config = bucket.get("NotificationConfiguration")
    if not isinstance(config, dict):
        return []
    out = []
    for key in ("QueueConfigurations", "TopicConfigurations", "LambdaConfigurations"):
        for i, conf in enumerate(as_list(config.get(key))):
            if not isinstance(conf, dict) or not isinstance(conf.get("Event"), str):
                return None
            rules = {"prefix": "", "suffix": ""}
            for rule in as_list((conf.get("Filter") or {}).get("S3Key", {}).get("Rules")):
                if not isinstance(rule, dict) or not isinstance(rule.get("Value"), str):
                    return None
                rules[str(rule.get("Name", "")).lower()] = rule["Value"]
            out.append(Config(f"NotificationConfiguration.{key}.{i}", (conf["Event"],), rules["prefix"],
                              rules["suffix"]))
    return out


def _conflict(a: Config, b: Config) -> str | None:
    shared = next((f"{x}/{y}" if x != y else x for x in a.events for y in b.events if events_overlap(x, y)), None)
    if shared is None:
        return None
    prefixes = a.prefix.startswith(b.prefix) or b.prefix.startswith(a.prefix)
    suffixes = a.suffix.endswith(b.suffix) or b.suffix.endswith(a.suffix)
    return shared if prefixes and suffixes else None


def _describe(c: Config) -> str:
    keys = [f"prefix \"{c.prefix}\"" if c.prefix else "", f"suffix \"{c.suffix}\"" if c.suffix else ""]
    return " and ".join(k for k in keys if k) or "all keys"


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    sources = [(r, _tf_configs(r)) for r in stack.of_type("aws_s3_bucket_notification")]
    sources += [(r, _cfn_configs(r)) for r in stack.of_type("AWS::S3::Bucket")]
    for res, configs in sources:
        if not configs:
            continue
        for j, b in enumerate(configs):
            hit = next(((a, ev) for a in configs[:j] if (ev := _conflict(a, b))), None)
            if hit is None:
                continue
            a, event = hit
            yield RULE.finding(
                res, b.path,
                f"{b.path} and {a.path} both fire on {event} for overlapping keys ({_describe(b)} vs "
                f"{_describe(a)}): S3 refuses the whole notification configuration",
                "send the event to one destination and fan out from there (an SNS topic or EventBridge), or give "
                "the configurations prefixes/suffixes that do not overlap",
            )


RULE = Rule(
    id="SC658", name="s3-notification-configurations-overlap",
    title="Overlapping S3 event notification configurations",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="Two queue/topic/Lambda configurations of one aws_s3_bucket_notification or AWS::S3::Bucket "
          "NotificationConfiguration that share an event type (s3:ObjectCreated:* covers s3:ObjectCreated:Put) "
          "and whose key prefixes and suffixes both overlap (an empty filter overlaps everything), e.g. two "
          "Lambda functions triggered by the same uploads.",
    why="S3 delivers each event to one configuration only, so it rejects configurations that would both match "
        "one object.",
    error="InvalidArgument: Configurations overlap. Configurations on the same bucket cannot share a common event "
          "type. | Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the "
          "prefixes are overlapping for the same event type.",
    broken='lambda_function {\n  lambda_function_arn = aws_lambda_function.thumbs.arn\n  events = ["s3:ObjectCreated:*"]\n}\n'
           'lambda_function {\n  lambda_function_arn = aws_lambda_function.index.arn\n  events = ["s3:ObjectCreated:*"]\n}',
    fixed='topic {\n  topic_arn = aws_sns_topic.uploads.arn  # both functions subscribe to the topic\n'
          '  events    = ["s3:ObjectCreated:*"]\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html (examples of "
        "invalid configurations with overlapping prefixes and suffixes)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/765",
        "https://github.com/aws-solutions/aws-waf-security-automations/issues/49",
        "https://github.com/minio/minio/issues/2472 (the S3 error response)",
    ),
    limits="Configurations whose events or filters are not known statically are not judged; notifications made "
           "outside the stack are unknown.",
    check=check,
)
