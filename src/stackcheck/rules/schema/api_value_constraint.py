"""SC003: a value that AWS refuses: too long or short, not matching a pattern, outside a range or an enum."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from stackcheck.data import load_json
from stackcheck.data.constraints import cfn_constraints, cfn_source, compiled, tf_constraints
from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack, Variable
from stackcheck.model.values import Encoded, Unknown
from stackcheck.rules.base import Context, Rule
from stackcheck.rules.schema.walk import schema_applies

# -- explicit mappings (tools/generate_data.py API_MEMBERS): confirmed cases, applied first ---------------


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


def _explicit(res: Resource, table: list[tuple[str, dict[str, object]]], skip: frozenset[str]) -> Iterator[Finding]:
    for attr, spec in table:
        value = res.get(attr)
        if not isinstance(value, str) or not _checkable_text(value) or res.refs_of(attr) & skip:
            continue
        api = str(spec["api"])
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
            f'{attr} = "{value}"{origin} {problem}{hint}; AWS {api} rejects it at '
            f'{"deploy" if res.framework == "cloudformation" else "apply"}: Invalid parameter at '
            f"'{api.split('.')[-1]}' failed to satisfy constraint",
            f"change {attr} so that it satisfies {api}"
            + (": wrap it in lower(...) or use lower-case input" if hint else ""),
        )


# -- generated constraints (tools/generate_data.py constraints) ----------------------------------------------


def _values(value: Any, parts: list[str], path: str) -> Iterator[tuple[str, Any]]:
    """(concrete path, value) for every value a constraint path (`*` = each list item) reaches."""
    if not parts:
        yield path, value
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _values(item, rest, f"{path}.{i}")
        elif isinstance(value, dict):  # a single nested block written as an object
            yield from _values(value, rest, f"{path}.0")
        return
    if isinstance(value, dict) and head in value:
        yield from _values(value[head], rest, f"{path}.{head}" if path else head)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _shown(value: Any) -> str:
    text = f'"{value}"' if isinstance(value, str) else repr(value)
    return text if len(text) <= 90 else text[:87] + '..."'


# Text that something else replaces before AWS sees it: CloudFormation dynamic references, and the
# variables of a preprocessor (Serverless Framework `${opt:stage}`, templating) left in a template.
_RESOLVED_LATER = re.compile(r"\{\{resolve:|\$\{")


def _checkable_text(value: str) -> bool:
    """An empty string means "not set" to the provider and to many CloudFormation handlers (Fn::If idioms)."""
    return value != "" and not _RESOLVED_LATER.search(value)


def _problem(value: Any, spec: dict[str, Any], framework: str, top_level: bool) -> tuple[str, str] | None:
    """(keyword, what is wrong) for the first constraint the value breaks; None when it passes or is unknown."""
    if value is None or isinstance(value, Unknown | Encoded | dict):
        return None
    terraform = framework == "terraform"
    if "mini" in spec or "maxi" in spec:
        if not isinstance(value, list) or any(isinstance(v, Unknown | Encoded) for v in value):
            return None
        if not value:
            return None  # an empty list is dropped by handlers that would send it (e.g. `Tags: []`)
        if "mini" in spec and len(value) < spec["mini"]:
            return "minItems", f"has {len(value)} items, fewer than the minimum {spec['mini']}"
        if "maxi" in spec and len(value) > spec["maxi"]:
            return "maxItems", f"has {len(value)} items, more than the maximum {spec['maxi']}"
    if isinstance(value, str) and spec.get("t") in ("string", None):
        if not _checkable_text(value):
            return None
        # The provider re-serialises JSON documents before sending them: their written length is not sent.
        measured = not (terraform and value.lstrip()[:1] in ("{", "["))
        if measured and "minl" in spec and len(value) < spec["minl"] and value.isascii():
            # Non-ASCII text may be measured in bytes or UTF-16 units, which are never fewer than characters.
            return "minLength", f"is {len(value)} characters, shorter than the minimum {spec['minl']}"
        if measured and "maxl" in spec and len(value) > spec["maxl"]:
            return "maxLength", f"is {len(value)} characters, longer than the maximum {spec['maxl']}"
        if "e" in spec and not (framework == "cloudformation" and top_level):  # top level: SC006
            allowed = [str(v) for v in spec["e"]]
            ok = value.lower() in {v.lower() for v in allowed} if terraform else value in allowed
            if not ok:
                shown = ", ".join(allowed[:15]) + (", ..." if len(allowed) > 15 else "")
                return "enum", f"is not one of {shown}"
        if "p" in spec:
            rx = compiled(spec["p"])
            variants = (value, value.strip(), value.lower()) if terraform else (value,)
            if rx is not None and not any(rx.search(v) for v in variants):
                return "pattern", f"does not match the pattern {spec['p']}"
    if spec.get("t") in ("integer", "number") and ("min" in spec or "max" in spec):
        number = _number(value)
        if number is None or (terraform and number in (0, -1)):
            return None  # zero is left unset by the provider; -1 is its usual "no limit" sentinel
        if "min" in spec and number < spec["min"]:
            return "minimum", f"is below the minimum {spec['min']}"
        if "max" in spec and number > spec["max"]:
            return "maximum", f"is above the maximum {spec['max']}"
    return None


_PLACEHOLDER_DEFAULT = re.compile(
    r"<[^>]*>|\b(enter|insert|replace|your|changeme|change[-_ ]?me|todo|tbd|xxx+)\b", re.IGNORECASE)


def _not_the_deployed_value(stack: Stack) -> frozenset[str]:
    """Variables/parameters whose default is not what the deploy receives: SSM-typed CloudFormation
    parameters (the default is the SSM parameter's name) and placeholders left for the user to fill in
    ("<your-url>", "Enter a name for ...")."""
    def skipped(var: Variable) -> bool:
        if var.type and var.type.startswith("AWS::SSM::Parameter::Value"):
            return True
        return var.has_default and isinstance(var.default, str) and bool(_PLACEHOLDER_DEFAULT.search(var.default))

    return frozenset(f"var.{name}" for name, var in stack.variables.items() if skipped(var))


def _generated(res: Resource, skip: frozenset[str]) -> Iterator[Finding]:
    if res.framework == "terraform":
        source, table = tf_constraints(res.type)
    else:
        source, table = cfn_constraints(res.type)
    for path, spec in table:
        for concrete, value in _values(res.attrs, path.split("."), ""):
            found = _problem(value, spec, res.framework, "." not in path)
            if found is None:
                continue
            refs = res.refs_of(concrete)
            if refs & skip:
                continue
            keyword, problem = found
            origin = _origin(refs, res.framework)
            rule = f"{keyword} {_constraint(keyword, spec)}"
            # Enums lag behind: schemas and SDK models miss new values, and the provider adds its own
            # (aws_s3_bucket_versioning status "Disabled"). Reported, but not as a blocker (as SC006 does).
            soft = {"blocker": False, "severity": "medium"} if keyword == "enum" else {}
            if res.framework == "terraform":
                service, version, op = source.split(" ")
                yield RULE.finding(
                    res, concrete,
                    f"{concrete} = {_shown(value)}{origin} {problem}. {service} {op}: {spec['s']} has {rule} "
                    f"(botocore {service} {version}); the provider sends the value as written and AWS rejects it "
                    f"at apply: ValidationException: Value at '{spec['s']}' failed to satisfy constraint",
                    _fix(concrete, keyword, spec), **soft)
            else:
                pointer = "#/" + concrete.replace(".", "/")
                yield RULE.finding(
                    res, concrete,
                    f"{concrete} = {_shown(value)}{origin} {problem}. CloudFormation schema {res.type} "
                    f"{spec['s']}: {rule} ({source}, cfn-lint {cfn_source()['cfn_lint']}); CloudFormation "
                    f"rejects it at deploy: Properties validation failed for resource {res.name} with message: "
                    f"{pointer}: failed validation constraint for keyword [{keyword}]",
                    _fix(concrete, keyword, spec), **soft)


def _fix(path: str, keyword: str, spec: dict[str, Any]) -> str:
    return {
        "minLength": f"make {path} at least {spec.get('minl')} characters long",
        "maxLength": f"shorten {path} to at most {spec.get('maxl')} characters",
        "pattern": f"change {path} so that it matches {spec.get('p')}",
        "enum": f"set {path} to one of {_constraint('enum', spec) if 'e' in spec else ''}",
        "minimum": f"set {path} to {spec.get('min')} or more",
        "maximum": f"set {path} to {spec.get('max')} or less",
        "minItems": f"give {path} at least {spec.get('mini')} items",
        "maxItems": f"give {path} at most {spec.get('maxi')} items",
    }[keyword]


def _constraint(keyword: str, spec: dict[str, Any]) -> str:
    key = {"minLength": "minl", "maxLength": "maxl", "pattern": "p", "minimum": "min", "maximum": "max",
           "minItems": "mini", "maxItems": "maxi", "enum": "e"}[keyword]
    value = spec[key]
    if keyword == "enum":
        return "[" + ", ".join(map(str, value[:15])) + (", ..." if len(value) > 15 else "") + "]"
    return str(value)


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    table = _by_type()
    generated = schema_applies(stack)
    skip = _not_the_deployed_value(stack)
    for res in stack.resources:
        seen: set[str] = set()
        for finding in _explicit(res, table.get(res.type, []), skip):
            seen.add(finding.attribute or "")
            yield finding
        if not generated or res.type.startswith("Custom::"):
            continue
        for finding in _generated(res, skip):
            if finding.attribute not in seen:  # one finding per value, the first constraint it breaks
                seen.add(finding.attribute or "")
                yield finding


RULE = Rule(
    id="SC003", name="api-value-constraint",
    title="Value violates a length, pattern, range or allowed-values constraint of AWS",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A value, at any nesting level, whose evaluated form (variables, locals, parameter defaults and "
          "Fn::Sub included) breaks a constraint that AWS enforces: for CloudFormation the resource schema's "
          "enum, pattern, length, numeric range or item count (cfn-lint's schemas, every type); for Terraform "
          "the length, numeric range, enum or anchored pattern of the AWS API member the argument is sent as "
          "(botocore, every resource type whose create operation and members match by name), for example an "
          "ECR repository name with upper-case letters or an SQS MessageRetentionPeriod above 14 days.",
    why="The provider and CloudFormation pass the value through; CloudFormation validates properties against "
        "the resource schema when it creates the resource, and the service validates API members during the "
        "apply, so the deploy fails.",
    error="InvalidParameterException: Invalid parameter at 'repositoryName' failed to satisfy constraint: "
          "'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'' / "
          "Properties validation failed for resource Queue with message: #/MessageRetentionPeriod: failed "
          "validation constraint for keyword [maximum]",
    broken='variable "project_name" { default = "TapStack" }\nresource "aws_ecr_repository" "app" {\n'
           '  name = "${var.project_name}-processor"\n}',
    fixed='resource "aws_ecr_repository" "app" {\n  name = lower("${var.project_name}-processor")\n}',
    evidence=(
        "botocore service models (min/max/pattern/enum of each member), via tools/generate_data.py api and "
        "constraints",
        "cfn-lint's CloudFormation resource schemas with its patches (cfnlint/data/schemas/resources), via "
        "tools/generate_data.py constraints",
        "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html",
        "https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html",
        "https://github.com/aws/aws-cdk/issues/9877 (public report of the ECR name error)",
        "https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html "
        "(MaximumBatchingWindowInSeconds 0-300: a limit terraform validate does not check)",
        "https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/cfn-schema-specification.md "
        "(cfn-lint E3030-E3034 apply the same schema keywords)",
        "https://github.com/aws-cloudformation/cfn-lint/issues/4484 and /issues/3316 (generated-constraint "
        "false alarms the guards and overrides avoid)",
    ),
    limits="Only fully known values are checked; values holding `{{resolve:...}}` or `${...}`, empty strings, "
           "empty lists, and values built from SSM-typed parameters or placeholder defaults (\"<your-url>\", "
           "\"Enter a name ...\") are skipped. Enum findings (both frameworks) are medium, not blockers: enums "
           "lag behind the services and the provider adds values of its own. CloudFormation: constraints under "
           "oneOf/anyOf/allOf and patternProperties are not applied; top-level enums are SC006's. Terraform: "
           "arguments are mapped to API members by name only where the type's words name a Create/Put/Register "
           "operation (about 740 of 1526 types carry a constraint); blocks nested deeper than 8 levels are left "
           "out; patterns only when anchored at both ends and judged on the value, its lower-cased and trimmed "
           "forms; enums compared ignoring case; 0 and -1 skipped (unset / sentinel); JSON documents' lengths "
           "skipped. Both: enums and patterns of fast-moving values (type, class, version, engine, region, AZ, "
           "runtime, ACL), maximums of counts (quotas), lengths of documents and code, and patterns Python cannot "
           "read as ECMAScript does are not generated (src/stackcheck/data/constraint_settings.json); "
           "src/stackcheck/data/constraint_overrides.json switches off or replaces any generated constraint.",
    check=check,
    origin="schema",
)
