"""SC871 on Terraform certificates of the stack: the region comes from the provider configuration."""

from __future__ import annotations

from stackcheck.scan import scan

DISTRIBUTION = '''
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    domain_name = "example-origin.s3.eu-west-1.amazonaws.com"
    origin_id   = "s3"
  }
  default_cache_behavior {
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "s3"
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    acm_certificate_arn = CERT
    ssl_support_method  = "sni-only"
  }
}
'''
CERT = '''
resource "aws_acm_certificate" "site" {
  PROVIDER
  domain_name       = "example.com"
  validation_method = "DNS"
}
'''


def sc871(write, providers: str, provider_arg: str = "", cert_ref: str = "aws_acm_certificate.site.arn",
          extra: dict[str, str] | None = None) -> list[str]:
    tf = providers + CERT.replace("PROVIDER", provider_arg) + DISTRIBUTION.replace("CERT", cert_ref)
    root = write({"main.tf": tf, **(extra or {})})
    return [f.resource for f in scan([str(root)]).findings if f.rule_id == "SC871"]


EU = 'provider "aws" {\n  region = "eu-west-1"\n}\n'
EU_AND_USE1 = EU + 'provider "aws" {\n  alias  = "use1"\n  region = "us-east-1"\n}\n'


def test_certificate_in_the_default_providers_region(write):
    assert sc871(write, EU) == ["aws_cloudfront_distribution.site"]


def test_certificate_through_its_validation(write):
    validation = 'resource "aws_acm_certificate_validation" "v" {\n  certificate_arn = aws_acm_certificate.site.arn\n}\n'
    assert sc871(write, EU + validation, cert_ref="aws_acm_certificate_validation.v.certificate_arn") == [
        "aws_cloudfront_distribution.site"]


def test_certificate_with_a_us_east_1_alias_is_right(write):
    assert sc871(write, EU_AND_USE1, provider_arg="provider = aws.use1") == []


def test_region_from_a_variable_and_its_tfvars(write):
    var = 'variable "region" {\n  default = "eu-west-1"\n}\nprovider "aws" {\n  region = var.region\n}\n'
    assert sc871(write, var) == ["aws_cloudfront_distribution.site"]
    assert sc871(write, var, extra={"terraform.tfvars": 'region = "us-east-1"\n'}) == []


def test_unknown_region_is_not_judged(write):
    assert sc871(write, 'provider "aws" {}\n') == []
    assert sc871(write, 'variable "region" {\n  type = string\n}\nprovider "aws" {\n  region = var.region\n}\n') == []


def test_module_gets_the_configuration_its_call_passes(write):
    module = 'resource "aws_acm_certificate" "c" {\n  domain_name       = "example.com"\n  validation_method = "DNS"\n}\n' \
             'output "arn" {\n  value = aws_acm_certificate.c.arn\n}\n'
    passed = 'module "cert" {\n  source    = "./cert"\n  providers = {\n    aws = aws.use1\n  }\n}\n'
    inherited = 'module "cert" {\n  source = "./cert"\n}\n'
    tf = EU_AND_USE1 + DISTRIBUTION.replace("CERT", "module.cert.arn")
    root = write({"main.tf": tf + passed, "cert/main.tf": module})
    assert [f for f in scan([str(root)]).findings if f.rule_id == "SC871"] == []
    regions = {r.address: r.region for s in scan([str(root)]).stacks for r in s.resources}
    assert regions["module.cert.aws_acm_certificate.c"] == "us-east-1"
    (root / "main.tf").write_text(tf + inherited)
    result = scan([str(root)])
    regions = {r.address: r.region for s in result.stacks for r in s.resources}
    assert regions["module.cert.aws_acm_certificate.c"] == "eu-west-1"
    # followed through the module's output
    assert [f.resource for f in result.findings if f.rule_id == "SC871"] == ["aws_cloudfront_distribution.site"]
