"""SC007: a CloudFormation template over the service's per-template quotas (resources, parameters, outputs)."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule

# CloudFormation quotas per template (not adjustable), from the CloudFormation User Guide's quota table.
QUOTAS = {"Resources": 500, "Parameters": 200, "Outputs": 200}


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    if stack.framework != "cloudformation" or stack.settings.get("plan"):
        return
    counts = {"Resources": stack.settings.get("declared_resources", len(stack.resources)),
              "Parameters": len(stack.variables), "Outputs": len(stack.outputs)}
    for section, limit in QUOTAS.items():
        count = counts[section]
        if count > limit:
            yield RULE.stack_finding(
                stack, stack.path, stack.settings.get("section_lines", {}).get(section, 1),
                stack.path.rsplit("/", 1)[-1], "AWS::CloudFormation::Stack", section,
                f"the template declares {count} {section.lower()}; CloudFormation accepts at most {limit} per "
                "template and rejects the stack before creating anything",
                "split the template: move a group of resources into a nested stack (AWS::CloudFormation::Stack) "
                "or a separate stack wired by exports/SSM parameters"
                + ("; CDK: split the app into more Stack classes or NestedStacks" if section == "Resources" else ""),
            )


RULE = Rule(
    id="SC007", name="cfn-template-quota",
    title="Template over CloudFormation's per-template quotas",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("cloudformation",), stage="validate",
    finds="A template with more than 500 resources, 200 parameters or 200 outputs.",
    why="These quotas are fixed per template; CreateStack/UpdateStack and ValidateTemplate reject a template "
        "that exceeds them. Large CDK apps hit the resource limit as they grow.",
    error="Template format error: Number of resources, 501, is greater than maximum allowed, 500",
    broken="Resources:  # 501 resources in one template",
    fixed="Resources:  # 300 here, 201 in a nested stack (AWS::CloudFormation::Stack)",
    evidence=("https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html",
              "https://github.com/aws/aws-cdk/issues/1996",
              "https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md (E3010)"),
    limits="CloudFormation only (Terraform has no such quota). Counts resources after conditions are "
           "applied by the loader only where it records the declared count; the template size quotas (51,200 "
           "bytes inline, 1 MB from S3) depend on how the template is uploaded and are not checked.",
    check=check,
)
