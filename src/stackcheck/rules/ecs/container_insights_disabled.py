"""SC308: an ECS cluster without Container Insights."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_list
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_ecs_cluster": {"settings": "setting", "name": "name", "value": "value"},
    "AWS::ECS::Cluster": {"settings": "ClusterSettings", "name": "Name", "value": "Value"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for cluster in FIELDS.resources(stack):
        n, v = FIELDS.name(cluster, "name"), FIELDS.name(cluster, "value")
        values = [s.get(v) for s in as_list(FIELDS.get(cluster, "settings"))
                  if isinstance(s, dict) and s.get(n) == "containerInsights"]
        if any(isinstance(x, Unknown) or x in ("enabled", "enhanced") for x in values):
            continue
        attr = FIELDS.name(cluster, "settings")
        yield RULE.finding(
            cluster, attr,
            "Container Insights is " + ("disabled" if values else "not enabled") +
            " on the cluster: no task-level CPU, memory or restart metrics",
            'add setting { name = "containerInsights", value = "enabled" }' if cluster.framework == "terraform"
            else "add ClusterSettings: [{Name: containerInsights, Value: enabled}]",
        )


RULE = Rule(
    id="SC308", name="ecs-container-insights-disabled",
    title="ECS cluster without Container Insights",
    severity="low", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="aws_ecs_cluster / AWS::ECS::Cluster without the containerInsights setting enabled (or enhanced).",
    why="Requirement profile: clusters must publish Container Insights metrics.",
    error="",
    broken="Cluster:\n  Type: AWS::ECS::Cluster\n  Properties:\n    ClusterName: !Sub app-${EnvironmentSuffix}",
    fixed="    ClusterSettings:\n      - Name: containerInsights\n        Value: enabled",
    evidence=(
        "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ClusterSetting.html",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html",
    ),
    check=check,
    origin="seed",
)
