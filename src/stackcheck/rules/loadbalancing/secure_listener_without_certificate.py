"""SC542: an HTTPS or TLS listener without a default certificate."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.loadbalancing.lbindex import LISTENER, SECURE


def _has_certificate(value: object) -> bool:
    """A certificate ARN (or a reference to one) is given: a non-empty string, an unknown, or a list with one."""
    if value is None or value == "":
        return False
    if isinstance(value, list):
        return any(_has_certificate(v.get("CertificateArn") if isinstance(v, dict) else v) for v in value)
    if isinstance(value, dict):
        return _has_certificate(value.get("CertificateArn"))
    return True


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for listener in LISTENER.resources(stack):
        protocol = LISTENER.get(listener, "protocol")
        if not isinstance(protocol, str) or protocol.upper() not in SECURE:
            continue
        cert = LISTENER.get(listener, "cert")
        if _has_certificate(cert):
            continue
        attr = LISTENER.name(listener, "cert") if cert is not None else LISTENER.name(listener, "protocol")
        yield RULE.finding(
            listener, attr,
            f"this {protocol.upper()} listener has no default certificate"
            + (" (certificate_arn is empty)" if cert == "" else "")
            + f": CreateListener fails with ValidationError: A certificate must be specified for {protocol.upper()} "
            "listeners, after the load balancer and everything before it were created",
            ("set certificate_arn to an ACM certificate (aws_acm_certificate_validation.x.certificate_arn waits for "
             "validation)" if listener.framework == "terraform" else
             "add Certificates: [{CertificateArn: !Ref Certificate}]")
            + f", or use protocol {'HTTP' if protocol.upper() == 'HTTPS' else 'TCP'} if the listener must not "
            "terminate TLS",
        )


RULE = Rule(
    id="SC542", name="secure-listener-without-certificate",
    title="HTTPS/TLS listener without a certificate",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="An aws_lb_listener / AWS::ElasticLoadBalancingV2::Listener with protocol HTTPS or TLS and no (or an "
          "empty) certificate_arn / Certificates.",
    why="HTTPS and TLS listeners need exactly one default certificate. The provider accepts an omitted or empty "
        "certificate_arn at plan; the API refuses it at apply, typically when a certificate variable defaults to \"\".",
    error="ValidationError: A certificate must be specified for HTTPS listeners",
    broken='resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.web.arn\n  port     = 443\n'
           '  protocol = "HTTPS"\n  certificate_arn = var.certificate_arn   # default ""\n  ...\n}',
    fixed='  certificate_arn = aws_acm_certificate_validation.web.certificate_arn',
    evidence=(
        "botocore elbv2 service model, CreateListener.Certificates: [HTTPS and TLS listeners] The default "
        "certificate for the listener. You must provide exactly one certificate.",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html",
        "GitHub code search: 'ValidationError: A certificate must be specified for HTTPS listeners' (Terraform "
        "aws_lb_listener apply logs, AWS Load Balancer Controller)",
    ),
    limits="A certificate from a variable or reference is taken as given. cfn-lint also reports a missing "
           "Certificates property on CloudFormation HTTPS listeners (E3676).",
    check=check,
)
