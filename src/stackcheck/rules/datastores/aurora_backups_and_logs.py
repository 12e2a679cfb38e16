"""SC602: an Aurora/RDS cluster with short backup retention or no log exports."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_int
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_rds_cluster": {"retention": "backup_retention_period", "logs": "enabled_cloudwatch_logs_exports"},
    "AWS::RDS::DBCluster": {"retention": "BackupRetentionPeriod", "logs": "EnableCloudwatchLogsExports"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    min_days = int(ctx.param("min_backup_retention_days", 7))
    for cluster in FIELDS.resources(stack):
        retention, logs = FIELDS.get(cluster, "retention"), FIELDS.get(cluster, "logs")
        if isinstance(retention, Unknown) or isinstance(logs, Unknown):
            continue
        days = as_int(retention) if retention is not None else 1
        missing = []
        if days is not None and days < min_days:
            missing.append(f"backups are kept {days} day(s), fewer than {min_days}")
        if not logs:
            missing.append("no database logs are exported to CloudWatch")
        if missing:
            short = days is not None and days < min_days
            attr = FIELDS.name(cluster, "retention" if short else "logs")
            steps = []
            if short:
                steps.append(f"set {FIELDS.name(cluster, 'retention')} = {min_days} (with a backup window)")
            if not logs:
                steps.append(f"export the engine's logs with {FIELDS.name(cluster, 'logs')} "
                             "(postgresql; or audit, error, slowquery for MySQL)")
            yield RULE.finding(cluster, attr, "; ".join(missing), " and ".join(steps))


RULE = Rule(
    id="SC602", name="aurora-backups-and-log-exports",
    title="Aurora cluster with short backup retention or no log exports",
    severity="medium", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="An aws_rds_cluster / AWS::RDS::DBCluster keeping backups fewer days than the profile's "
          "min_backup_retention_days (default 7; the service default is 1), or exporting no logs to "
          "CloudWatch.",
    why="Requirement profile: databases are recoverable for a week and their logs are kept in CloudWatch.",
    error="",
    broken="AuroraCluster:\n  Type: AWS::RDS::DBCluster\n  Properties:\n    Engine: aurora-postgresql",
    fixed="    BackupRetentionPeriod: 7\n    PreferredBackupWindow: \"03:00-04:00\"\n    EnableCloudwatchLogsExports: [postgresql]",
    evidence=("https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html (BackupRetentionPeriod default 1)",
              "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html"),
    check=check,
    origin="seed",
)
