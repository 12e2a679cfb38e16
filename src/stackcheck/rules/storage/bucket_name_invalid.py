"""SC655: an S3 bucket name (as evaluated from variables and parameters) that S3 refuses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import Unknown
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.storage.s3 import index

# General purpose bucket naming rules, docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
ALLOWED = re.compile(r"[a-z0-9.-]+")
IP_LIKE = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
# aws_s3_bucket bucket_prefix: the provider appends a 26-character unique suffix.
PREFIX_SUFFIX_LEN = 26


def problems(name: str, accelerated: bool = False) -> list[str]:
    """What is wrong with a complete bucket name."""
    out = []
    if not 3 <= len(name) <= 63:
        out.append(f"is {len(name)} characters long (3 to 63 allowed)")
    bad = sorted(set(ALLOWED.sub("", name)))
    if bad:
        upper = any(c.isupper() for c in bad)
        out.append("contains " + " ".join(repr(c) for c in bad)
                   + (" (upper-case letters are not allowed)" if upper else "")
                   + "; only lower-case letters, digits, '.' and '-' are allowed")
    if name and (not name[0].isalnum() or not name[-1].isalnum()):
        out.append("must begin and end with a letter or digit")
    if ".." in name:
        out.append("has two adjacent periods")
    if IP_LIKE.fullmatch(name):
        out.append("is formatted as an IP address")
    prefix = next((p for p in RESERVED_PREFIXES if name.startswith(p)), None)
    if prefix:
        out.append(f"starts with the reserved prefix {prefix}")
    suffix = next((s for s in RESERVED_SUFFIXES if name.endswith(s)), None)
    if suffix:
        out.append(f"ends with the reserved suffix {suffix}")
    if accelerated and "." in name:
        out.append("contains '.', which Transfer Acceleration does not allow")
    return out


def _literal_problems(value: Unknown) -> list[str]:
    """Problems certain from the literal pieces of a partly unknown name."""
    literal = value.known_text()
    bad = sorted(set(ALLOWED.sub("", literal)))
    if not bad:
        return []
    upper = " (upper-case letters are not allowed)" if any(c.isupper() for c in bad) else ""
    return ["has known parts containing " + " ".join(repr(c) for c in bad) + upper
            + "; only lower-case letters, digits, '.' and '-' are allowed"]


def _origin(res: Resource, attr: str) -> str:
    names = sorted(r for r in res.refs_of(attr) if r.startswith("var."))
    if not names:
        return ""
    if res.framework == "cloudformation":
        return " (built from parameter " + ", ".join(n.removeprefix("var.") for n in names) + ")"
    return " (built from " + ", ".join(names) + ")"


def _accelerated(stack: Stack, bucket: Resource) -> bool:
    if bucket.framework == "cloudformation":
        return bucket.get("AccelerateConfiguration.AccelerationStatus") == "Enabled"
    return any(a.get("status") == "Enabled" for a in index(stack).of(bucket, "aws_s3_bucket_accelerate_configuration"))


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for bucket in stack.of_type("aws_s3_bucket", "AWS::S3::Bucket"):
        tf = bucket.framework == "terraform"
        attr = "bucket" if tf else "BucketName"
        name = bucket.get(attr)
        found: list[str] = []
        if isinstance(name, str):
            found = problems(name, _accelerated(stack, bucket))
        elif isinstance(name, Unknown) and name.parts:
            found = _literal_problems(name)
        elif name is None and tf and isinstance(bucket.get("bucket_prefix"), str):
            attr, name = "bucket_prefix", bucket.get("bucket_prefix")
            found = [p for p in problems(name + "a" * PREFIX_SUFFIX_LEN) if "characters long" not in p
                     and "begin and end" not in p]
            if len(name) > 63 - PREFIX_SUFFIX_LEN:
                found.append(f"is {len(name)} characters; with the 26-character suffix the name exceeds 63")
        if not found:
            continue
        yield RULE.finding(
            bucket, attr,
            f"the bucket name \"{name}\"{_origin(bucket, attr)} " + "; it ".join(found)
            + ": S3 refuses to create the bucket (InvalidBucketName)",
            "use a DNS-compatible name: lower-case letters, digits and hyphens, 3-63 characters"
            + (" (wrap variable parts in lower(...))" if tf else ""),
        )


RULE = Rule(
    id="SC655", name="s3-bucket-name-invalid",
    title="S3 bucket name that S3 refuses",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="Bucket names, evaluated from variables, locals and parameter defaults, that break the general "
          "purpose bucket naming rules: length 3-63, only a-z 0-9 . -, letter or digit at both ends, no '..', not "
          "an IP address, no reserved prefix or suffix, no '.' with Transfer Acceleration. Literal parts of a name "
          "that is only partly known are checked for characters.",
    why="`terraform validate` only checks the length of a literal name, and the provider checks the rest only "
        "when it creates the bucket; a project or environment variable with upper-case letters breaks the name at "
        "apply time.",
    error="InvalidBucketName: The specified bucket is not valid. | validating S3 Bucket name: only lowercase "
          "alphanumeric characters and hyphens allowed in \"...\"",
    broken='variable "project" { default = "TapStack" }\nresource "aws_s3_bucket" "data" {\n'
           '  bucket = "${var.project}-data"\n}',
    fixed='resource "aws_s3_bucket" "data" {\n  bucket = "${lower(var.project)}-data"\n}',
    evidence=(
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
        "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/s3/bucket.go "
        "(validBucketName runs at create time, not in terraform validate)",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/transfer-acceleration.html "
        "(bucket names must be DNS-compliant and must not contain periods)",
    ),
    limits="Names computed from values unknown before deploy (stack name, account ID, random suffixes) are only "
           "checked for the characters of their literal parts. cfn-lint reports literal CloudFormation names.",
    check=check,
)
