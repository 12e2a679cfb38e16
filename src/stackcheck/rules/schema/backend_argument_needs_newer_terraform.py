"""SC002: a backend argument that the Terraform versions the stack pins do not have."""

from __future__ import annotations

from collections.abc import Iterator

from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.model.versions import Version, admits, parse_constraints
from stackcheck.rules.base import Context, Rule

# Backend arguments with the Terraform release that introduced them, each from its changelog.
INTRODUCED: dict[tuple[str, str], tuple[tuple[int, int, int], str]] = {
    ("s3", "use_lockfile"): ((1, 10, 0), "https://github.com/hashicorp/terraform/blob/v1.10/CHANGELOG.md "
                                         "(backend/s3: S3 native state locking, use_lockfile)"),
}

def newest_admitted(constraints: list[tuple[str, Version, int]], floor: Version) -> bool:
    """Does any version at or after `floor` satisfy the constraints? (Probe the bounds it names.)"""
    probes = {floor, (floor[0], floor[1], 99), (floor[0], floor[1] + 1, 0), (99, 0, 0)}
    for _, c, _ in constraints:
        for cand in (c, (c[0], c[1], c[2] + 1), (c[0], c[1] + 1, 0)):
            if cand >= floor:
                probes.add(cand)
    return any(admits(constraints, p) for p in probes)


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    backend = stack.settings.get("backend")
    required = stack.settings.get("required_version")
    if not backend or not required or not isinstance(required.get("value"), str):
        return
    constraints = parse_constraints(required["value"])
    for name, arg in backend["attrs"].items():
        known = INTRODUCED.get((backend["type"], name))
        if known is None:
            continue
        since, _ = known
        floor = ".".join(map(str, since))
        if newest_admitted(constraints, since):
            continue
        yield RULE.stack_finding(
            stack, backend["file"], arg["line"], f"terraform.backend.{backend['type']}", "terraform_backend", name,
            f'backend "{backend["type"]}" sets {name}, which Terraform has only from {floor}, but required_version '
            f'"{required["value"]}" admits no version from {floor} on; terraform init fails with '
            f'An argument named "{name}" is not expected here.',
            f"either raise required_version to >= {floor}, or drop {name} (for S3 locking on older Terraform, "
            "use dynamodb_table)",
        )


RULE = Rule(
    id="SC002", name="tf-backend-argument-needs-newer-terraform",
    title="Backend argument unsupported by the pinned Terraform version",
    severity="high", blocker=True, category="deploy-blocker", frameworks=("terraform",), stage="validate",
    finds="A backend argument (such as the S3 backend's use_lockfile) while the terraform block's required_version "
          "admits only Terraform releases older than the one that introduced it.",
    why="Backends are built into Terraform itself, not into a provider; an older Terraform does not know the "
        "argument and terraform init stops.",
    error='Error: Unsupported argument: An argument named "use_lockfile" is not expected here.',
    broken='terraform {\n  required_version = ">= 1.5.0, < 1.10.0"\n  backend "s3" {\n    use_lockfile = true\n  }\n}',
    fixed='terraform {\n  required_version = ">= 1.5.0, < 1.10.0"\n  backend "s3" {\n    dynamodb_table = "locks"\n  }\n}',
    evidence=(
        "https://developer.hashicorp.com/terraform/language/v1.10.x/upgrade-guides (S3 native locking, use_lockfile)",
        "https://developer.hashicorp.com/terraform/language/v1.11.x/upgrade-guides (use_lockfile generally available)",
        "https://github.com/hashicorp/terraform-schema/pull/419",
    ),
    limits="Only backend arguments listed in INTRODUCED, each with its changelog source.",
    check=check,
    origin="schema",
)
