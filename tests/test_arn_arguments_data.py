"""The generated list of Terraform AWS provider arguments validated as ARNs.

Known truths below were confirmed with ``terraform validate`` against provider
5.100.0 (a literal KMS key ID is rejected with "is an invalid ARN" on the
true ones and accepted on the false ones).  The scanner tests run the Go
source back end of ``tools/generate_arn_arguments.py`` on small synthetic Go
files written here (no provider code is kept in the repo).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "stackcheck" / "data" / "tf_arn_arguments.json"
GENERATOR = ROOT / "tools" / "generate_arn_arguments.py"

KNOWN_ARN = [
    ("aws_rds_cluster", "kms_key_id"),
    ("aws_efs_file_system", "kms_key_id"),
]
KNOWN_NOT_ARN = [
    ("aws_secretsmanager_secret", "kms_key_id"),
    ("aws_kinesis_stream", "kms_key_id"),
    ("aws_elasticache_replication_group", "kms_key_id"),
    (
        "aws_s3_bucket_server_side_encryption_configuration",
        "rule.apply_server_side_encryption_by_default.kms_master_key_id",
    ),
]


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def test_source_fields(data: dict) -> None:
    source = data["_source"]
    assert source["repo"] == "hashicorp/terraform-provider-aws"
    assert source["version"] == "v5.100.0"
    assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
    assert source["commit"] == "f7a3b98da589ab1d52756b0dcee0dbf2de83d635"
    assert source["generated_by"] == "tools/generate_arn_arguments.py"


@pytest.mark.parametrize(("rtype", "path"), KNOWN_ARN)
def test_known_arn_arguments(data: dict, rtype: str, path: str) -> None:
    assert path in data["resources"][rtype]


@pytest.mark.parametrize(("rtype", "path"), KNOWN_NOT_ARN)
def test_known_non_arn_arguments(data: dict, rtype: str, path: str) -> None:
    assert path not in data["resources"].get(rtype, [])


def test_shape(data: dict) -> None:
    resources = data["resources"]
    assert len(resources) > 100  # the KMS-argument probe finds 116 types; the full probe more
    for rtype, paths in resources.items():
        assert rtype.startswith("aws_"), rtype
        assert paths, rtype
        assert paths == sorted(set(paths)), rtype
        for path in paths:
            assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)*", path), (rtype, path)


def test_computed_only_arguments_absent(data: dict) -> None:
    # Computed-only attributes cannot be set, so they can never be validated.
    assert "arn" not in data["resources"]["aws_rds_cluster"]
    assert "arn" not in data["resources"]["aws_efs_file_system"]


# --------------------------------------------------------------------------
# The Go source back end, on synthetic files
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_arn_arguments", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


NAMES_GO = """package names

const (
\tAttrKMSKeyID = "kms_key_id"
\tAttrRoleARN  = "role_arn"
)
"""

SDK_GO = """package demo

import "strings" // a { in a comment

const attrTopic = "topic_arn"

// @SDKResource("aws_demo_widget", name="Widget")
func resourceWidget() *schema.Resource {
\treturn &schema.Resource{
\t\tSchemaFunc: func() map[string]*schema.Schema {
\t\t\treturn map[string]*schema.Schema{
\t\t\t\tnames.AttrKMSKeyID: {
\t\t\t\t\tType:         schema.TypeString,
\t\t\t\t\tOptional:     true,
\t\t\t\t\tValidateFunc: verify.ValidARN,
\t\t\t\t},
\t\t\t\t"pattern": {
\t\t\t\t\tType:         schema.TypeString,
\t\t\t\t\tOptional:     true,
\t\t\t\t\tValidateFunc: validation.StringMatch(regexp.MustCompile(`^[{}a-z]+$`), "} {"),
\t\t\t\t},
\t\t\t\tattrTopic: {
\t\t\t\t\tType:             schema.TypeString,
\t\t\t\t\tOptional:         true,
\t\t\t\t\tValidateDiagFunc: validation.ToDiagFunc(validation.Any(verify.ValidARN, validation.StringIsEmpty)),
\t\t\t\t},
\t\t\t\t"member_arns": {
\t\t\t\t\tType:     schema.TypeSet,
\t\t\t\t\tOptional: true,
\t\t\t\t\tElem:     &schema.Schema{Type: schema.TypeString, ValidateFunc: verify.ValidARN},
\t\t\t\t},
\t\t\t\t"plain": {
\t\t\t\t\tType:     schema.TypeList,
\t\t\t\t\tOptional: true,
\t\t\t\t\tElem:     &schema.Schema{Type: schema.TypeString},
\t\t\t\t},
\t\t\t\t"config": {
\t\t\t\t\tType:     schema.TypeList,
\t\t\t\t\tOptional: true,
\t\t\t\t\tElem: &schema.Resource{
\t\t\t\t\t\tSchema: map[string]*schema.Schema{
\t\t\t\t\t\t\t"kms_key_id": {Type: schema.TypeString, Optional: true},
\t\t\t\t\t\t\t"inner": {
\t\t\t\t\t\t\t\tType:     schema.TypeList,
\t\t\t\t\t\t\t\tRequired: true,
\t\t\t\t\t\t\t\tElem: &schema.Resource{
\t\t\t\t\t\t\t\t\tSchema: map[string]*schema.Schema{
\t\t\t\t\t\t\t\t\t\tnames.AttrRoleARN: {
\t\t\t\t\t\t\t\t\t\t\tType:         schema.TypeString,
\t\t\t\t\t\t\t\t\t\t\tRequired:     true,
\t\t\t\t\t\t\t\t\t\t\tValidateFunc: verify.ValidARN,
\t\t\t\t\t\t\t\t\t\t},
\t\t\t\t\t\t\t\t\t},
\t\t\t\t\t\t\t\t},
\t\t\t\t\t\t\t},
\t\t\t\t\t\t},
\t\t\t\t\t},
\t\t\t\t},
\t\t\t\t"destination": {Type: schema.TypeList, Optional: true, Elem: destinationResource()},
\t\t\t\t"shared":      sharedSchema(),
\t\t\t\t"computed_arn": {Type: schema.TypeString, Computed: true, ValidateFunc: verify.ValidARN},
\t\t\t}
\t\t},
\t}
}

func resourceWidgetCreate(ctx context.Context) diag.Diagnostics {
\t_ = strings.ToUpper("}}}")
\treturn nil
}
"""

SDK_HELPERS_GO = """package demo

func destinationResource() *schema.Resource {
\treturn &schema.Resource{
\t\tSchema: map[string]*schema.Schema{
\t\t\t"bucket_arn": {Type: schema.TypeString, Required: true, ValidateFunc: verify.ValidARN},
\t\t\t"prefix":     {Type: schema.TypeString, Optional: true},
\t\t},
\t}
}

func sharedSchema() *schema.Schema {
\treturn &schema.Schema{
\t\tType:         schema.TypeString,
\t\tOptional:     true,
\t\tValidateFunc: verify.ValidARNCheck(isKeyARN),
\t}
}

// @SDKResource("aws_demo_gadget", name="Gadget")
func resourceGadget() *schema.Resource {
\treturn &schema.Resource{Schema: gadgetSchema()}
}

func gadgetSchema() map[string]*schema.Schema {
\treturn map[string]*schema.Schema{
\t\tnames.AttrKMSKeyID: {Type: schema.TypeString, Optional: true},
\t\t"log_group_arn":    {Type: schema.TypeString, Optional: true, ValidateFunc: verify.ValidARN},
\t}
}

// @SDKDataSource("aws_demo_widget", name="Widget")
func dataSourceWidget() *schema.Resource {
\treturn &schema.Resource{
\t\tSchema: map[string]*schema.Schema{
\t\t\t"data_only_arn": {Type: schema.TypeString, Optional: true, ValidateFunc: verify.ValidARN},
\t\t},
\t}
}
"""

SDK_UNANNOTATED_GO = """package demo

func resourceGizmo() *schema.Resource {
\treturn &schema.Resource{
\t\tSchema: map[string]*schema.Schema{
\t\t\t"target_arn": {Type: schema.TypeString, Required: true, ValidateFunc: verify.ValidARN},
\t\t},
\t}
}
"""

SERVICE_PACKAGE_GEN_GO = """package demo

func (p *servicePackage) SDKResources(ctx context.Context) []*types.ServicePackageSDKResource {
\treturn []*types.ServicePackageSDKResource{
\t\t{
\t\t\tFactory:  resourceGizmo,
\t\t\tTypeName: "aws_demo_gizmo",
\t\t\tName:     "Gizmo",
\t\t},
\t}
}
"""

FRAMEWORK_GO = """package demofw

// @FrameworkResource("aws_demofw_thing", name="Thing")
func newThingResource(context.Context) (resource.ResourceWithConfigure, error) {
\tr := &thingResource{}
\treturn r, nil
}

func (r *thingResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
\tresp.Schema = schema.Schema{
\t\tAttributes: map[string]schema.Attribute{
\t\t\tnames.AttrRoleARN: schema.StringAttribute{CustomType: fwtypes.ARNType, Required: true},
\t\t\tnames.AttrKMSKeyID: schema.StringAttribute{
\t\t\t\tOptional:   true,
\t\t\t\tValidators: []validator.String{stringvalidator.LengthAtMost(2048)},
\t\t\t},
\t\t\t"kms_key_arn": schema.StringAttribute{
\t\t\t\tOptional:   true,
\t\t\t\tValidators: []validator.String{fwvalidators.ARN()},
\t\t\t},
\t\t\t"source_arns": schema.SetAttribute{
\t\t\t\tElementType: types.StringType,
\t\t\t\tOptional:    true,
\t\t\t\tValidators:  []validator.Set{setvalidator.ValueStringsAre(fwvalidators.ARN())},
\t\t\t},
\t\t\t"output_arn": schema.StringAttribute{CustomType: fwtypes.ARNType, Computed: true},
\t\t},
\t\tBlocks: map[string]schema.Block{
\t\t\t"definition": schema.ListNestedBlock{
\t\t\t\tNestedObject: schema.NestedBlockObject{
\t\t\t\t\tAttributes: map[string]schema.Attribute{
\t\t\t\t\t\t"lambda_arn": schema.StringAttribute{CustomType: fwtypes.ARNType, Optional: true},
\t\t\t\t\t},
\t\t\t\t\tBlocks: map[string]schema.Block{
\t\t\t\t\t\t"deeper": schema.SingleNestedBlock{
\t\t\t\t\t\t\tAttributes: map[string]schema.Attribute{
\t\t\t\t\t\t\t\t"topic_arn": schema.StringAttribute{
\t\t\t\t\t\t\t\t\tOptional:   true,
\t\t\t\t\t\t\t\t\tValidators: []validator.String{fwvalidators.ARN()},
\t\t\t\t\t\t\t\t},
\t\t\t\t\t\t\t},
\t\t\t\t\t\t},
\t\t\t\t\t},
\t\t\t\t},
\t\t\t},
\t\t},
\t}
}
"""


def test_source_scan(generator: ModuleType, write) -> None:
    root = write(
        {
            "names/attr_consts_gen.go": NAMES_GO,
            "internal/service/demo/widget.go": SDK_GO,
            "internal/service/demo/helpers.go": SDK_HELPERS_GO,
            "internal/service/demo/gizmo.go": SDK_UNANNOTATED_GO,
            "internal/service/demo/service_package_gen.go": SERVICE_PACKAGE_GEN_GO,
            "internal/service/demofw/thing.go": FRAMEWORK_GO,
        }
    )
    scanner = generator.SourceScanner(root)
    assert scanner.scan() == {
        "aws_demo_gadget": ["log_group_arn"],
        "aws_demo_gizmo": ["target_arn"],
        "aws_demo_widget": [
            "config.inner.role_arn",
            "destination.bucket_arn",
            "kms_key_id",
            "member_arns",
            "shared",
            "topic_arn",
        ],
        "aws_demofw_thing": [
            "definition.deeper.topic_arn",
            "definition.lambda_arn",
            "kms_key_arn",
            "role_arn",
            "source_arns",
        ],
    }
    assert scanner.stats.unparsed == []


def test_brace_matcher_ignores_strings_and_comments(generator: ModuleType) -> None:
    src = generator.strip_comments("f({ \"}\", `{`, '}' /* } */ // }\n})")
    assert generator.match_close(src, 2) == len(src) - 2
    assert generator.match_close(src, 1) == len(src) - 1
