"""CloudFront distribution fields per framework, shared by the edge rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.model.resource import Resource
from stackcheck.model.values import as_list

DISTRIBUTION_TYPES = ("aws_cloudfront_distribution", "AWS::CloudFront::Distribution")


def config_prefix(dist: Resource) -> str:
    """Where the distribution's settings live: top level in Terraform, under DistributionConfig in CFN."""
    return "" if dist.framework == "terraform" else "DistributionConfig."


def field(dist: Resource, tf: str, cfn: str) -> tuple[str, Any]:
    """(path, value) of one setting in either framework."""
    path = tf if dist.framework == "terraform" else config_prefix(dist) + cfn
    return path, dist.get(path)


def viewer_certificate(dist: Resource) -> tuple[str, dict[str, Any]]:
    """(path, {acm, iam, default}) of the viewer certificate, with absent keys as None."""
    if dist.framework == "terraform":
        path, keys = "viewer_certificate", ("acm_certificate_arn", "iam_certificate_id", "cloudfront_default_certificate")
    else:
        path, keys = "DistributionConfig.ViewerCertificate", ("AcmCertificateArn", "IamCertificateId",
                                                               "CloudFrontDefaultCertificate")
    return path, {name: dist.get(f"{path}.{key}") for name, key in zip(("acm", "iam", "default"), keys, strict=True)}


def lambda_associations(dist: Resource) -> Iterator[tuple[str, Any]]:
    """(path of the ARN, ARN value) of every Lambda@Edge association, default and ordered behaviors."""
    if dist.framework == "terraform":
        behaviors = [("default_cache_behavior.0", dist.get("default_cache_behavior"))]
        behaviors += [(f"ordered_cache_behavior.{i}", b) for i, b in enumerate(as_list(dist.get("ordered_cache_behavior")))]
        assoc_key, arn_key = "lambda_function_association", "lambda_arn"
    else:
        behaviors = [("DistributionConfig.DefaultCacheBehavior", dist.get("DistributionConfig.DefaultCacheBehavior"))]
        behaviors += [(f"DistributionConfig.CacheBehaviors.{i}", b)
                      for i, b in enumerate(as_list(dist.get("DistributionConfig.CacheBehaviors")))]
        assoc_key, arn_key = "LambdaFunctionAssociations", "LambdaFunctionARN"
    for path, behavior in behaviors:
        if isinstance(behavior, list):
            behavior = behavior[0] if behavior else None
        if not isinstance(behavior, dict):
            continue
        for j, assoc in enumerate(as_list(behavior.get(assoc_key))):
            if isinstance(assoc, dict):
                yield f"{path}.{assoc_key}.{j}.{arn_key}", assoc.get(arn_key)
