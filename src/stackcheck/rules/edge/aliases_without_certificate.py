"""SC870: a CloudFront distribution with alternate domain names but only the default *.cloudfront.net
certificate."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.values import as_bool, as_list
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.edge.fields import DISTRIBUTION_TYPES, field, viewer_certificate


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for dist in stack.of_type(*DISTRIBUTION_TYPES):
        alias_path, aliases = field(dist, "aliases", "Aliases")
        names = [a for a in as_list(aliases) if isinstance(a, str)]
        if not names:
            continue
        cert_path, cert = viewer_certificate(dist)
        if cert["acm"] is not None or cert["iam"] is not None:
            continue
        if cert["default"] is not None and as_bool(cert["default"]) is not True:
            continue  # a value we cannot read
        acm = "acm_certificate_arn" if dist.framework == "terraform" else "AcmCertificateArn"
        yield RULE.finding(
            dist, alias_path,
            f"aliases {', '.join(names)} are served with the default *.cloudfront.net certificate, which cannot "
            'cover them: CloudFront refuses the distribution with "InvalidViewerCertificate: To add an alternate '
            "domain name (CNAME) to a CloudFront distribution, you must attach a trusted certificate that validates "
            'your authorization to use the domain name."',
            f"set {cert_path}.{acm} to an ACM certificate in us-east-1 that covers {names[0]} (with ssl_support_method "
            "sni-only), or remove the aliases",
        )


RULE = Rule(
    id="SC870", name="cloudfront-aliases-without-certificate",
    title="CloudFront alternate domain names without a custom certificate",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A CloudFront distribution with aliases whose viewer certificate is the CloudFront default certificate "
          "(or, in CloudFormation, is not given at all).",
    why="CloudFront accepts an alternate domain name only with a trusted certificate (ACM in us-east-1 or IAM) "
        "that covers it. Neither the provider nor the CloudFormation schema relate aliases to the certificate.",
    error="InvalidViewerCertificate: To add an alternate domain name (CNAME) to a CloudFront distribution, you must "
          "attach a trusted certificate that validates your authorization to use the domain name.",
    broken='aliases = ["www.example.com"]\nviewer_certificate {\n  cloudfront_default_certificate = true\n}',
    fixed='viewer_certificate {\n  acm_certificate_arn      = aws_acm_certificate_validation.www.certificate_arn\n'
          '  ssl_support_method       = "sni-only"\n  minimum_protocol_version = "TLSv1.2_2021"\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/CNAMEs.html#alternate-domain-names-"
        "requirements",
        "https://github.com/cloudposse/terraform-aws-cloudfront-s3-cdn/pull/72",
        "https://github.com/winglang/wing/issues/2440",
        "https://github.com/awslabs/aws-solutions-constructs/issues/1147",
    ),
    limits="Whether a given certificate covers the aliases is not checked (the certificate's names are often not "
           "known statically).",
    check=check,
)
