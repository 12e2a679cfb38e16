"""SC871: a CloudFront distribution (or edge-optimized custom domain) using an ACM certificate outside us-east-1."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, FieldMap, Rule
from stackcheck.rules.edge.fields import DISTRIBUTION_TYPES, viewer_certificate

# Edge-optimized API Gateway custom domains use a CloudFront distribution and take the same us-east-1 certificate.
EDGE_DOMAIN = FieldMap({
    "aws_api_gateway_domain_name": {"cert": "certificate_arn"},
    "AWS::ApiGateway::DomainName": {"cert": "CertificateArn"},
})


def _region(arn: object) -> str | None:
    if isinstance(arn, str) and arn.startswith("arn:") and ":acm:" in arn:
        parts = arn.split(":")
        return parts[3] if len(parts) > 3 and parts[3] else None
    return None


def _stack_certificate(stack: Stack, value: object) -> Resource | None:
    """The stack's aws_acm_certificate a value refers to, directly or through its validation."""
    res = stack.resolve(value)
    if res is not None and res.type == "aws_acm_certificate_validation":
        res = stack.resolve(res.get("certificate_arn"))
    return res if res is not None and res.type == "aws_acm_certificate" else None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    spots = []
    for dist in stack.of_type(*DISTRIBUTION_TYPES):
        path, cert = viewer_certificate(dist)
        key = "acm_certificate_arn" if dist.framework == "terraform" else "AcmCertificateArn"
        spots.append((dist, f"{path}.{key}", cert["acm"], "CloudFront distribution"))
    for dom in EDGE_DOMAIN.resources(stack):
        spots.append((dom, EDGE_DOMAIN.name(dom, "cert"), EDGE_DOMAIN.get(dom, "cert"),
                      "edge-optimized API Gateway domain"))
    for res, attr, arn, what in spots:
        cert = _stack_certificate(stack, arn)
        if cert is not None and cert.region not in (None, "us-east-1"):
            yield RULE.finding(
                res, attr,
                f"the {what} uses {cert.address}, which its provider configuration creates in {cert.region}; "
                "CloudFront only uses certificates in us-east-1 and fails with \"InvalidViewerCertificate: The "
                "specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't "
                "include a valid certificate chain.\"",
                f'create {cert.address} with a us-east-1 provider: provider "aws" {{ alias = "us_east_1", region = '
                f'"us-east-1" }} and provider = aws.us_east_1 on the certificate (and on its validation)',
            )
            continue
        region = _region(arn)
        if region is None or region == "us-east-1":
            continue
        yield RULE.finding(
            res, attr,
            f"the {what} uses ACM certificate {arn} from {region}; CloudFront only uses certificates in us-east-1 "
            'and fails with "InvalidViewerCertificate: The specified SSL certificate doesn\'t exist, isn\'t in '
            'us-east-1 region, isn\'t valid, or doesn\'t include a valid certificate chain."',
            "request (or import) the certificate in us-east-1 (in Terraform, an aws_acm_certificate with a provider "
            "aliased to us-east-1) and use that ARN",
        )


RULE = Rule(
    id="SC871", name="cloudfront-certificate-not-us-east-1",
    title="CloudFront certificate not in us-east-1",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A CloudFront distribution's viewer certificate, or an edge-optimized API Gateway domain's certificate, "
          "given as an ACM ARN whose region is not us-east-1.",
    why="CloudFront is global and reads ACM certificates only from us-east-1 (N. Virginia). A certificate from the "
        "stack's own region is the usual mistake; the ARN's syntax is valid, so nothing fails before apply.",
    error="InvalidViewerCertificate: The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't "
          "valid, or doesn't include a valid certificate chain.",
    broken='viewer_certificate {\n  acm_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abcd"\n'
           '  ssl_support_method  = "sni-only"\n}',
    fixed='  acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/ef01"',
    evidence=(
        "https://docs.aws.amazon.com/acm/latest/userguide/acm-services.html (CloudFront: request or import the "
        "certificate in US East (N. Virginia))",
        "https://github.com/cloudposse/terraform-aws-cloudfront-s3-cdn/issues/55",
        "https://github.com/milliHQ/terraform-aws-next-js/issues/61",
        "https://github.com/aws/aws-cdk/issues/14616",
        "https://developer.hashicorp.com/terraform/language/providers/configuration#alias-multiple-provider-configurations",
    ),
    limits="ARNs known statically (literals, variable and parameter defaults), and Terraform certificates of the "
           "same stack whose provider configuration has a known region (a literal, a variable default or tfvars; "
           "aliases and the providers passed to modules followed). A provider without a region (AWS_REGION at run "
           "time) and CloudFormation certificates (created in the stack's region, known only at deploy) are not "
           "judged.",
    check=check,
)
