"""SC501: a data store's security group that admits nothing, or admits the whole internet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import as_list
from stackcheck.rules.base import Context, Rule

# Data stores and the attribute listing their security groups.
USERS = {
    "aws_rds_cluster": "vpc_security_group_ids", "aws_db_instance": "vpc_security_group_ids",
    "aws_elasticache_replication_group": "security_group_ids", "aws_efs_mount_target": "security_groups",
    "AWS::RDS::DBCluster": "VpcSecurityGroupIds", "AWS::RDS::DBInstance": "VPCSecurityGroups",
    "AWS::ElastiCache::ReplicationGroup": "SecurityGroupIds", "AWS::EFS::MountTarget": "SecurityGroups",
}
SG_TYPES = ("aws_security_group", "AWS::EC2::SecurityGroup")
RULE_TYPES = {"aws_security_group_rule": "security_group_id", "aws_vpc_security_group_ingress_rule": "security_group_id",
              "AWS::EC2::SecurityGroupIngress": "GroupId"}


def _ingress(stack: Stack, sg: Resource) -> list[dict[str, Any]]:
    rules = [r for r in as_list(sg.get("ingress" if sg.framework == "terraform" else "SecurityGroupIngress"))
             if isinstance(r, dict)]
    for res in stack.referrers.get(sg.base_address, ()):
        attr = RULE_TYPES.get(res.type)
        if attr and stack.resolve(res.get(attr)) is sg and res.get("type", "ingress") == "ingress":
            rules.append(res.attrs)
    return rules


def _open_to_world(rule: dict[str, Any]) -> bool:
    cidrs = as_list(rule.get("cidr_blocks")) + as_list(rule.get("cidr_ipv4")) + as_list(rule.get("CidrIp"))
    return "0.0.0.0/0" in cidrs


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    seen: set[str] = set()
    for store in stack.of_type(*USERS):
        for value in as_list(store.get(USERS[store.type])):
            sg = stack.resolve(value)
            if sg is None or sg.type not in SG_TYPES or sg.address in seen:
                continue
            seen.add(sg.address)
            rules = _ingress(stack, sg)
            attr = "ingress" if sg.framework == "terraform" else "SecurityGroupIngress"
            if not rules:
                yield RULE.finding(sg, attr, f"the security group of {store.address} admits no traffic: the "
                                   "application cannot reach the data store",
                                   "add one ingress rule for the store's port whose source is the application's "
                                   "security group (not a CIDR)")
            elif any(_open_to_world(r) for r in rules):
                yield RULE.finding(sg, attr, f"the security group of {store.address} admits 0.0.0.0/0",
                                   "replace the CIDR source with the application's security group")


RULE = Rule(
    id="SC501", name="data-tier-security-group",
    title="Data-store security group admits nothing, or everyone",
    severity="medium", blocker=False, category="requirement",
    frameworks=("terraform", "cloudformation"), stage="review",
    finds="The security group of an RDS/Aurora cluster or instance, ElastiCache group or EFS mount target with no "
          "ingress rule (inline or separate), or with one open to 0.0.0.0/0.",
    why="Requirement profile: each data store admits exactly its port from the application's security group. "
        "With no ingress the application cannot connect; with 0.0.0.0/0 anyone in reach can.",
    error="",
    broken="DatabaseSecurityGroup:\n  Type: AWS::EC2::SecurityGroup\n  Properties:\n    GroupDescription: Aurora",
    fixed="    SecurityGroupIngress:\n      - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref TaskSecurityGroup}",
    evidence=("https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.RDSSecurityGroups.html",
              "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"),
    check=check,
    origin="seed",
)
