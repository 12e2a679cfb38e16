"""SC616: a Redshift cluster whose NumberOfNodes does not fit its ClusterType."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import Unknown, as_int
from stackcheck.rules.base import Context, Rule


def _origin(refs: frozenset[str]) -> str:
    params = sorted(r.removeprefix("var.") for r in refs if r.startswith("var."))
    return f" (parameter {', '.join(params)})" if params else ""


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for cluster in stack.of_type("AWS::Redshift::Cluster"):
        kind, raw = cluster.get("ClusterType"), cluster.get("NumberOfNodes")
        if isinstance(kind, Unknown) or isinstance(raw, Unknown):
            continue
        nodes = as_int(raw)
        origin = _origin(cluster.refs_of("NumberOfNodes"))
        if kind == "multi-node" and (nodes is None or nodes < 2):
            shown = "is not set" if raw is None else f"is {nodes}{origin}"
            yield RULE.finding(
                cluster, "NumberOfNodes" if raw is not None else "ClusterType",
                f"ClusterType is multi-node but NumberOfNodes {shown}: Redshift refuses a multi-node cluster with "
                "fewer than 2 nodes (InvalidParameterCombination)",
                "set NumberOfNodes to 2 or more, or use ClusterType: single-node without NumberOfNodes "
                "(e.g. with Fn::If on the node count)",
            )
        elif kind == "single-node" and raw is not None:
            yield RULE.finding(
                cluster, "NumberOfNodes",
                f"ClusterType is single-node but NumberOfNodes is set ({raw}{origin}): Redshift refuses the "
                "parameter for single-node clusters, even with the value 1",
                "remove NumberOfNodes (use AWS::NoValue through Fn::If when the template serves both types)",
            )


RULE = Rule(
    id="SC616", name="redshift-node-count-mismatch",
    title="Redshift NumberOfNodes that does not fit the cluster type",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("cloudformation",), stage="apply",
    finds="An AWS::Redshift::Cluster with ClusterType multi-node and NumberOfNodes missing or below 2 (often from "
          "a parameter's default), or ClusterType single-node with NumberOfNodes set.",
    why="CreateCluster requires at least 2 nodes for multi-node clusters and refuses NumberOfNodes for "
        "single-node ones; CloudFormation passes both properties through.",
    error="InvalidParameterCombination: Number of nodes for cluster type multi-node must be greater than or equal "
          "to 2 | InvalidParameterValue: Number of nodes must be not be supplied for cluster type single-node.",
    broken="Warehouse:\n  Type: AWS::Redshift::Cluster\n  Properties:\n    ClusterType: multi-node\n"
           "    NumberOfNodes: 1",
    fixed="Warehouse:\n  Type: AWS::Redshift::Cluster\n  Properties:\n    ClusterType: multi-node\n"
          "    NumberOfNodes: 2",
    evidence=(
        "https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html (NumberOfNodes: required "
        "for multi-node clusters)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/484 (the multi-node error message)",
        "https://github.com/aws/aws-cdk/issues/9856 (NumberOfNodes supplied for single-node fails)",
        "https://github.com/apache/airflow/pull/23839 (even the value 1 fails for single-node)",
    ),
    limits="CloudFormation only: the Terraform provider derives the API cluster type from number_of_nodes "
           "(more than 1 means multi-node) and never sends a node count for a single node, so the combination "
           "cannot fail there.",
    check=check,
)
