"""SC810: a Step Functions definition whose StartAt/Next/Default/Catch target names no state, or a state no
transition reaches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stackcheck.findings import Finding
from stackcheck.model.resource import Resource, Stack
from stackcheck.model.values import decoded
from stackcheck.rules.base import Context, Rule

_DEFINITION = {"aws_sfn_state_machine": ("definition",),
               "AWS::StepFunctions::StateMachine": ("Definition", "DefinitionString")}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _targets(state: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(JSON path below the state, target) of every transition a state makes."""
    yield "Next", state.get("Next")
    yield "Default", state.get("Default")
    for i, choice in enumerate(_list(state.get("Choices"))):
        if isinstance(choice, dict):
            yield f"Choices[{i}].Next", choice.get("Next")
    for i, catch in enumerate(_list(state.get("Catch"))):
        if isinstance(catch, dict):
            yield f"Catch[{i}].Next", catch.get("Next")


def _nested(state: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for i, branch in enumerate(_list(state.get("Branches"))):
        if isinstance(branch, dict):
            yield f"Branches[{i}]", branch
    for key in ("ItemProcessor", "Iterator"):
        if isinstance(state.get(key), dict):
            yield key, state[key]


def problems(machine: dict[str, Any], where: str = "") -> Iterator[str]:
    """Transition errors of one scope (the machine, a Parallel branch, a Map processor) and those below it."""
    states = machine.get("States")
    if not isinstance(states, dict) or not all(isinstance(k, str) for k in states):
        return
    start = machine.get("StartAt")
    if not isinstance(start, str):
        if "StartAt" not in machine:
            yield f"SCHEMA_VALIDATION_FAILED: The field 'StartAt' is required at {where or '/'}"
        return
    targeted = {start}
    if start not in states:
        yield f"MISSING_TRANSITION_TARGET: Missing 'Next' target: {start} at {where}/StartAt"
    for name, state in states.items():
        if not isinstance(state, dict):
            return  # not a definition we can read
        for key, target in _targets(state):
            if isinstance(target, str):
                targeted.add(target)
                if target not in states:
                    yield f"MISSING_TRANSITION_TARGET: Missing 'Next' target: {target} at {where}/States/{name}/{key}"
            elif target is not None:
                return  # a computed target: say nothing about this scope
        for key, inner in _nested(state):
            yield from problems(inner, f"{where}/States/{name}/{key}")
    for name in states:
        if name not in targeted:
            yield f'MISSING_TRANSITION_TARGET: State "{name}" is not reachable. at {where}/States/{name}'


def _definition(res: Resource) -> tuple[str, dict[str, Any]] | None:
    for attr in _DEFINITION[res.type]:
        doc = decoded(res.get(attr))
        if isinstance(doc, dict):
            return attr, doc
    return None


def check(stack: Stack, ctx: Context) -> Iterator[Finding]:
    for res in stack.of_type(*_DEFINITION):
        found = _definition(res)
        if found is None:
            continue
        attr, doc = found
        errors = list(problems(doc))
        if not errors:
            continue
        shown = ", ".join(errors[:3]) + (f" (and {len(errors) - 3} more)" if len(errors) > 3 else "")
        yield RULE.finding(
            res, attr,
            f"the state machine definition has {len(errors)} transition error(s); CreateStateMachine fails with "
            f"InvalidDefinition: Invalid State Machine Definition: '{shown}'",
            "make every StartAt, Next, Default, Choices[].Next and Catch[].Next name a state of the same States "
            "block (names are case-sensitive), and remove or link states that nothing transitions to",
        )


RULE = Rule(
    id="SC810", name="sfn-transition-targets",
    title="Step Functions transition to a missing state, or an unreachable state",
    severity="high", blocker=True, category="deploy-blocker",
    frameworks=("terraform", "cloudformation"), stage="apply",
    finds="A state machine definition (Terraform definition, CloudFormation Definition or DefinitionString) in "
          "which StartAt, a Next, a Choice's Default or Next, or a Catch's Next names a state that does not exist "
          "in the same States block, or in which some state is never the target of any transition; Parallel "
          "branches and Map processors are checked as their own scopes.",
    why="Step Functions validates the Amazon States Language when the state machine is created or updated and "
        "refuses missing transition targets and unreachable states. The definition is an opaque JSON string to "
        "the provider and to the CloudFormation schema.",
    error="InvalidDefinition: Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: "
          "Notify at /States/Charge/Next'",
    broken='definition = jsonencode({\n  StartAt = "Charge"\n  States = {\n'
           '    Charge = { Type = "Task", Resource = aws_lambda_function.charge.arn, Next = "Notify" }\n'
           '    NotifyCustomer = { Type = "Pass", End = true }\n  }\n})',
    fixed='    Charge = { Type = "Task", Resource = aws_lambda_function.charge.arn, Next = "NotifyCustomer" }',
    evidence=(
        "https://states-language.net/spec.html (Next, Default, StartAt must exactly match a state name; every "
        "state must be reachable)",
        "https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html "
        "(InvalidDefinition)",
        "https://github.com/serverless-operations/serverless-step-functions/issues/250",
        "https://github.com/localstack/localstack/pull/12487 (AWS's response reproduced)",
    ),
    limits="Definitions built with templatefile() or Fn::Sub text that cannot be parsed are skipped, and so are "
           "scopes with computed targets. A state counts as reachable when any transition names it.",
    check=check,
)
