"""SC003: a value the AWS API refuses: too long, too short, or not matching the member's pattern."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from stackcheck.data import load_json
from stackcheck.findings import Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule


@cache
def _by_type() -> dict[str, list[tuple[str, dict[str, object]]]]:
    out: dict[str, list[tuple[str, dict[str, object]]]] = {}
    for key, spec in load_json("api_constraints.json")["members"].items():
        rtype, _, attr = key.rpartition(".")
        out.setdefault(rtype, []).append((attr, spec))
    return out


@cache
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, re.ASCII)
    except re.error:
        return None  # a pattern in a dialect Python cannot read is not applied


def _origin(refs: frozenset[str], framework: str) -> str:
    names = sorted(r for r in refs if r.startswith("var."))
    if not names:
        return ""
    if framework == "cloudformation":
        names = [n.removeprefix("var.") for n in names]
        return " (built from the default of parameter " + ", ".join(names) + ")"
    return " (built from the default of " + ", ".join(names) + ")"


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    table = _by_type()
    for res in stack.resources:
        for attr, spec in table.get(res.type, ()):
            value = res.get(attr)
            if not isinstance(value, str):
                continue
            api = spec["api"]
            origin = _origin(res.refs_of(attr), res.framework)
            problem = None
            if "min" in spec and len(value) < int(spec["min"]):  # type: ignore[call-overload]
                problem = f"is {len(value)} characters, shorter than the minimum {spec['min']}"
            elif "max" in spec and len(value) > int(spec["max"]):  # type: ignore[call-overload]
                problem = f"is {len(value)} characters, longer than the maximum {spec['max']}"
            elif "pattern" in spec:
                rx = _compiled(str(spec["pattern"]).strip("^$"))
                if rx is not None and not rx.fullmatch(value):
                    problem = f"does not match the pattern {spec['pattern']}"
            elif "enum" in spec and value not in spec["enum"]:  # type: ignore[operator]
                problem = f"is not one of {', '.join(spec['enum'])}"  # type: ignore[arg-type]
            if problem is None:
                continue
            rx = _compiled(str(spec.get("pattern", "")).strip("^$"))
            lower_ok = value != value.lower() and rx is not None and rx.fullmatch(value.lower())
            hint = " (it has upper-case letters)" if lower_ok else ""
            yield RULE.finding(
                res, attr,
                f'{attr} = "{value}"{origin} {problem}{hint}; AWS {api} rejects it: Invalid parameter at '
                f"'{api.split('.')[-1]}' failed to satisfy constraint",
                f"change {attr} so that it satisfies {api}"
                + (": wrap it in lower(...) or use lower-case input" if hint else ""),
            )


RULE = Rule(
    id="SC003", name="api-value-constraint",
    title="Value violates the AWS API's length or pattern constraint",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A name or identifier whose evaluated value (variables, locals, parameter defaults and Fn::Sub "
          "included) breaks the length or pattern that the AWS API model sets for the member it is sent as, "
          "for example an ECR repository name with upper-case letters.",
    why="The provider and CloudFormation pass the value through; the service validates it during the apply "
        "and the resource creation fails.",
    error="InvalidParameterException: Invalid parameter at 'repositoryName' failed to satisfy constraint: "
          "'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''",
    broken='variable "project_name" { default = "TapStack" }\nresource "aws_ecr_repository" "app" {\n'
           '  name = "${var.project_name}-processor"\n}',
    fixed='resource "aws_ecr_repository" "app" {\n  name = lower("${var.project_name}-processor")\n}',
    evidence=(
        "botocore service models (min/max/pattern of each member), via tools/generate_data.py api",
        "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html",
        "https://github.com/aws/aws-cdk/issues/9877 (public report of the ECR name error)",
    ),
    limits="Only members listed in tools/generate_data.py API_MEMBERS; only fully known values are checked.",
    check=check,
    origin="schema",
)
