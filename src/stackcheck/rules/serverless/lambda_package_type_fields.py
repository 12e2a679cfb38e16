"""SC805: a Lambda function whose handler/runtime/layers do not fit its package type (Zip or Image)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.serverless.fields import FUNCTION


def _zip_problem(fn: Resource) -> tuple[str | None, str, str] | None:
    missing = [FUNCTION.name(fn, f) for f in ("handler", "runtime") if FUNCTION.get(fn, f) is None]
    if not missing:
        return None
    names = " and ".join(str(m) for m in missing)
    if fn.framework == "terraform":
        if FUNCTION.get(fn, "image") is not None:
            return "image_uri", (
                f"image_uri is set but package_type is not \"Image\", so the function is a Zip function without "
                f"{names}: the provider stops the plan with \"handler and runtime must be set when PackageType is Zip\""
            ), 'set package_type = "Image" (and drop handler/runtime)'
        return missing[0], (
            f"a Zip function (package_type defaults to Zip) without {names}: the provider stops the plan with "
            '"handler and runtime must be set when PackageType is Zip"'
        ), f"set {names} (or package_type = \"Image\" with image_uri for a container image)"
    if FUNCTION.get(fn, "image") is not None:
        return "Code.ImageUri", (
            f"Code.ImageUri is set but PackageType is not Image, so the function is a Zip function without {names}"
            ': CreateFunction fails with "Runtime and Handler are mandatory parameters for functions created with '
            'deployment packages"'
        ), "set PackageType: Image"
    return None if fn.get("Code") is None else ("Code", (
        f"a Zip function without {names}: CreateFunction fails with \"Runtime and Handler are mandatory parameters "
        'for functions created with deployment packages"'), f"set {names}")


def _image_problem(fn: Resource) -> tuple[str | None, str, str] | None:
    if fn.framework == "terraform":
        return None  # the provider sends handler and runtime only for Zip functions
    given = [FUNCTION.name(fn, f) for f in ("handler", "runtime", "layers") if FUNCTION.get(fn, f) is not None]
    if not given:
        return None
    names = ", ".join(str(g) for g in given)
    return given[0], (
        f"a container-image function (PackageType: Image) that sets {names}: CreateFunction fails with \"Please "
        "don't provide Handler or Runtime or Layer when the intended function PackageType is Image\""
    ), f"remove {names} (set the handler with ImageConfig.Command; put layer contents into the image)"


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for fn in FUNCTION.resources(stack):
        package = FUNCTION.get(fn, "package")
        if package is None or package == "Zip":
            found = _zip_problem(fn)
        elif package == "Image":
            found = _image_problem(fn)
        else:
            continue
        if found is not None:
            attr, message, fix = found
            yield RULE.finding(fn, attr, message, fix)


RULE = Rule(
    id="SC805", name="lambda-package-type-fields",
    title="Lambda handler, runtime or layers do not fit the package type",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="plan",
    finds="A Zip-packaged Lambda function (the default) without handler or runtime, typically a container image "
          "given without package type Image; in CloudFormation also an Image function that sets Handler, Runtime "
          "or Layers.",
    why="Zip functions need a handler and a runtime; container-image functions take both from the image and may "
        "not have layers. The provider checks the Zip case in its plan-time diff (not in `terraform validate`); "
        "CloudFormation passes the properties to CreateFunction, which refuses them.",
    error="Error: handler and runtime must be set when PackageType is Zip",
    broken='resource "aws_lambda_function" "api" {\n  function_name = "api"\n'
           '  image_uri     = "${aws_ecr_repository.api.repository_url}:v1"\n}',
    fixed='resource "aws_lambda_function" "api" {\n  function_name = "api"\n  package_type  = "Image"\n'
          '  image_uri     = "${aws_ecr_repository.api.repository_url}:v1"\n}',
    evidence=(
        "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (Handler and Runtime: required if "
        "the deployment package is a .zip file archive)",
        "https://github.com/hashicorp/terraform-provider-aws/issues/37784",
        "https://github.com/aws/serverless-application-model/issues/1890",
        "https://github.com/pulumi/pulumi-aws/issues/5439",
    ),
    limits="Terraform Image functions that set handler or runtime are not reported: the provider leaves those "
           "fields out of the request. A package type not known statically is skipped.",
    check=check,
)
