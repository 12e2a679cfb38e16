"""SC657: an EFS file system in provisioned throughput mode without the throughput to provision."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, FieldMap, Rule

FIELDS = FieldMap({
    "aws_efs_file_system": {"mode": "throughput_mode", "mibps": "provisioned_throughput_in_mibps"},
    "AWS::EFS::FileSystem": {"mode": "ThroughputMode", "mibps": "ProvisionedThroughputInMibps"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for fs in FIELDS.resources(stack):
        mode = FIELDS.get(fs, "mode")
        if mode != "provisioned" or FIELDS.get(fs, "mibps") is not None:
            continue
        mibps = FIELDS.name(fs, "mibps")
        yield RULE.finding(
            fs, FIELDS.name(fs, "mode"),
            f"{FIELDS.name(fs, 'mode')} is \"provisioned\" but {mibps} is not set: CreateFileSystem requires the "
            "throughput to provision in that mode and the file system is not created",
            f"set {mibps} (MiB/s), or use the \"elastic\" (or \"bursting\") throughput mode",
        )


RULE = Rule(
    id="SC657", name="efs-provisioned-throughput-missing",
    title="EFS provisioned throughput mode without a throughput",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An aws_efs_file_system / AWS::EFS::FileSystem with throughput mode \"provisioned\" and no "
          "provisioned_throughput_in_mibps / ProvisionedThroughputInMibps.",
    why="The EFS API requires ProvisionedThroughputInMibps when ThroughputMode is provisioned; neither the "
        "provider schema nor the resource schema ties the two together.",
    error="BadRequest from CreateFileSystem (ProvisionedThroughputInMibps is required if ThroughputMode is set to "
          "provisioned)",
    broken='resource "aws_efs_file_system" "media" {\n  throughput_mode = "provisioned"\n}',
    fixed='resource "aws_efs_file_system" "media" {\n  throughput_mode                 = "provisioned"\n'
          '  provisioned_throughput_in_mibps = 128\n}',
    evidence=(
        "https://docs.aws.amazon.com/efs/latest/ug/API_CreateFileSystem.html (ProvisionedThroughputInMibps: "
        "required if ThroughputMode is set to provisioned)",
        "https://github.com/aws-samples/amazon-efs-tutorial/issues/17 (stack cannot be deployed without the value)",
    ),
    limits="A throughput mode that is not known statically is not judged.",
    check=check,
)
