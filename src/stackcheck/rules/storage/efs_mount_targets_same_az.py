"""SC656: two EFS mount targets of one file system in the same availability zone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.datastores.placement import az_label, azs_of, subnets_of

FIELDS = FieldMap({
    "aws_efs_mount_target": {"fs": "file_system_id", "subnet": "subnet_id"},
    "AWS::EFS::MountTarget": {"fs": "FileSystemId", "subnet": "SubnetId"},
})


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    # file system -> AZ -> first mount target seen there
    seen: dict[str, dict[str, tuple[Resource, Resource]]] = defaultdict(dict)
    for target in FIELDS.resources(stack):
        fs = stack.resolve(FIELDS.get(target, "fs"))
        subnets = subnets_of(stack, FIELDS.get(target, "subnet"))
        if fs is None or not subnets or len(subnets) != 1:
            continue
        subnet = subnets[0]
        azs = azs_of(subnets)
        key = next(iter(azs)) if azs else f"subnet:{subnet.address}"
        first = seen[fs.address].get(key)
        if first is None:
            seen[fs.address][key] = (target, subnet)
            continue
        other, other_subnet = first
        where = (f"the same subnet {subnet.address}" if other_subnet is subnet
                 else f"{subnet.address} and {other_subnet.address}, both in {az_label(key)}")
        yield RULE.finding(
            target, FIELDS.name(target, "subnet"),
            f"{target.address} and {other.address} mount {fs.address} in {where}: a file system has at most one "
            "mount target per availability zone, so the second creation fails with MountTargetConflict",
            "create one mount target per AZ (one subnet per AZ); instances in other subnets of that AZ reach the "
            "file system through it",
        )


RULE = Rule(
    id="SC656", name="efs-mount-targets-same-az",
    title="Two EFS mount targets in one availability zone",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="aws_efs_mount_target / AWS::EFS::MountTarget resources of the same file system whose subnets are in "
          "the same availability zone (or are the same subnet), e.g. one mount target per subnet when the VPC has "
          "public and private subnets in each AZ.",
    why="EFS allows one mount target per AZ per file system. CreateMountTarget for a second subnet in an AZ "
        "that already has one is refused.",
    error="MountTargetConflict: mount target already exists in this AZ (Status Code: 409)",
    broken='resource "aws_efs_mount_target" "app" {\n  count          = 4  # public and private subnets, 2 AZs\n'
           '  file_system_id = aws_efs_file_system.shared.id\n  subnet_id      = local.all_subnet_ids[count.index]\n}',
    fixed='resource "aws_efs_mount_target" "app" {\n  count          = 2  # the private subnet of each AZ\n'
          '  file_system_id = aws_efs_file_system.shared.id\n  subnet_id      = aws_subnet.private[count.index].id\n}',
    evidence=(
        "https://docs.aws.amazon.com/efs/latest/ug/API_CreateMountTarget.html (one mount target per AZ; "
        "MountTargetConflict)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/2525",
        "https://github.com/kubernetes-retired/kube-aws/issues/208",
        "https://github.com/aws/aws-cdk/issues/10170",
    ),
    limits="Subnets whose availability zone is not known statically (e.g. taken from a data source by index) "
           "are only compared by identity.",
    check=check,
)
