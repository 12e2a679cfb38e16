"""Run a Pulumi Python program under Pulumi's unit-test mocks and record what it registers.

Executed by stackcheck inside the sandbox, with the project's interpreter:

    python pulumi_runner.py PROGRAM_PATH

It needs only the standard library and the `pulumi` SDK the program itself imports; it must not import
stackcheck (the project's interpreter may not have it). The result goes to $STACKCHECK_OUTDIR/pulumi.json:

    {"project": ..., "stack": ..., "resources": [{"urn", "type", "name", "custom", "inputs", "parent",
     "dependencies", "property_dependencies", "id"}...],
     "error": null | {"exception", "message", "traceback", "frames": [[file, line, function]...],
                      "class_name", "token", "resource", "candidates", "keyword"}}

Every output a mock returns is a sentinel string `@@sc:<quoted name>:<type token>:<attr>@@` (attr in
snake_case, as the Python SDK names it), so a reference to another resource's output survives into the
inputs of the resource that uses it.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import runpy
import sys
import traceback
from typing import Any
from urllib.parse import quote

SENTINEL = "@@sc:{name}:{token}:{attr}@@"
_KEYWORD = re.compile(r"(?:(\w+)\.)?(\w+)\(\) got an unexpected keyword argument '(\w+)'")
_TOKEN = re.compile(r"""['"]([\w-]+:[\w./-]+:\w+)['"]""")

TOKEN_CLASSES: dict[str, type] = {}
SITES: dict[tuple[str, str], tuple[str, int]] = {}  # (token, name) -> where the program constructed it


def snake(name: str) -> str:
    """camelCase -> snake_case (`targetArn` -> `target_arn`, `kmsKeyId` -> `kms_key_id`)."""
    out = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    out = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", out)
    return out.lower()


def sentinel(name: str, token: str, attr: str) -> str:
    return SENTINEL.format(name=quote(name, safe=""), token=token, attr=attr)


def plain(value: Any) -> Any:
    """Mock inputs as JSON: unknowns (None in a mock run) and resource references made explicit."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    urn = getattr(value, "urn", None)
    if urn is not None:  # a resource reference
        return {"@@resource": str(getattr(urn, "_value", urn))}
    return repr(value)


def output_names(cls: type | None) -> list[str]:
    """The snake_case output properties a resource class declares (`@pulumi.getter`)."""
    names: list[str] = []
    if cls is None:
        return names
    for klass in cls.__mro__:
        for attr, member in vars(klass).items():
            if isinstance(member, property) and member.fget is not None and \
                    hasattr(member.fget, "_pulumi_name") and not attr.startswith("_"):
                names.append(attr)
    return names


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def main(program: str) -> int:
    outdir = os.environ.get("STACKCHECK_OUTDIR") or "."
    project = os.environ.get("STACKCHECK_PULUMI_PROJECT") or "project"
    stack = os.environ.get("STACKCHECK_PULUMI_STACK") or "dev"
    result: dict[str, Any] = {"project": project, "stack": stack, "resources": [], "outputs": {},
                              "error": None}
    # Run by path, this file's directory is sys.path[0]; its sibling pulumi.py must not shadow the SDK.
    here = os.path.dirname(os.path.realpath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.realpath(p or ".") != here]
    try:
        import pulumi
        from pulumi.runtime import mocks as pmocks
        from pulumi.runtime.stack import run_pulumi_func
        from pulumi.runtime.sync_await import _sync_await
    except Exception as exc:  # reported to the loader
        result["error"] = describe(exc, program)
        write(outdir, result)
        return 0

    program = os.path.abspath(program)
    program_dir = os.path.dirname(program)
    original_init = pulumi.Resource.__init__

    def recording_init(self: Any, t: str, name: str, *args: Any, **kwargs: Any) -> None:
        TOKEN_CLASSES.setdefault(t, type(self))
        for frame in reversed(traceback.extract_stack()):
            if os.path.abspath(frame.filename).startswith(program_dir + os.sep):
                SITES.setdefault((t, name), (os.path.abspath(frame.filename), frame.lineno or 0))
                break
        original_init(self, t, name, *args, **kwargs)

    pulumi.Resource.__init__ = recording_init  # type: ignore[method-assign]

    class Mocks(pmocks.Mocks):
        def new_resource(self, args: Any) -> tuple[str, dict]:
            token, name = args.typ, args.name
            outputs: dict[str, Any] = {}
            names = set(output_names(TOKEN_CLASSES.get(token))) | {"arn"}
            for attr in names:
                given = args.inputs.get(camel(attr))
                if given is not None and not isinstance(given, str):
                    outputs[camel(attr)] = given  # numbers, flags, lists, objects: echo what was given
                else:
                    outputs[camel(attr)] = sentinel(name, token, attr)
            return sentinel(name, token, "id"), outputs

        def call(self, args: Any) -> tuple[dict, list | None]:
            return {}, None

    records: list[dict[str, Any]] = result["resources"]

    class Monitor(pmocks.MockMonitor):
        def RegisterResource(self, request: Any) -> Any:
            response = super().RegisterResource(request)
            if request.type != "pulumi:pulumi:Stack":
                from pulumi.runtime import rpc
                try:
                    inputs = rpc.deserialize_properties(request.object)
                except Exception:
                    inputs = {}
                records.append({
                    "urn": response.urn, "type": request.type, "name": request.name,
                    "custom": bool(request.custom), "inputs": plain(inputs),
                    "parent": request.parent or None,
                    "dependencies": list(request.dependencies),
                    "property_dependencies": {k: list(v.urns) for k, v in request.propertyDependencies.items()},
                    "id": response.id,
                    "site": SITES.get((request.type, request.name)),
                })
            return response


    mocks = Mocks()
    pmocks.set_mocks(mocks, project=project, stack=stack, preview=False, monitor=Monitor(mocks))
    sys.path.insert(0, program_dir)
    sys.argv = [program]

    def run() -> None:
        runpy.run_path(program, run_name="__main__")

    try:
        _sync_await(run_pulumi_func(run))
    except BaseException as exc:  # the program's own error is the result
        if isinstance(exc, SystemExit) and not exc.code:
            pass
        else:
            result["error"] = describe(exc, program)
    if result["error"] is None:
        result["outputs"] = stack_outputs(pulumi, _sync_await)
    write(outdir, result)
    return 0


def stack_outputs(pulumi: Any, sync_await: Any) -> dict[str, Any]:
    """What the program exported (`pulumi.export`), resolved."""
    from pulumi.runtime.settings import get_root_resource
    out: dict[str, Any] = {}
    root = get_root_resource()
    for name, value in (getattr(root, "outputs", None) or {}).items():
        try:
            out[name] = plain(sync_await(pulumi.Output.from_input(value).future()))
        except Exception:  # an output that cannot be resolved is left out
            continue
    return out


def describe(exc: BaseException, program: str) -> dict[str, Any]:
    frames = [(f.filename, f.lineno, f.name) for f in traceback.extract_tb(exc.__traceback__)]
    info: dict[str, Any] = {
        "exception": type(exc).__name__,
        "message": str(exc),
        "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        "frames": frames, "class_name": None, "token": None, "resource": None, "candidates": [],
        "keyword": None, "module": None,
    }
    match = _KEYWORD.search(str(exc)) if isinstance(exc, TypeError) else None
    if match:
        info["keyword"] = match.group(3)
        info["class_name"] = match.group(1)
        cls, resource_name = failing_class(exc)
        if cls is not None:
            info["class_name"] = cls.__name__
            info["module"] = cls.__module__
            info["candidates"] = keyword_candidates(cls)
            info["token"] = token_of(cls)
        info["resource"] = resource_name
    return info


def failing_class(exc: BaseException) -> tuple[type | None, str | None]:
    """The resource class whose constructor rejected the keyword, and the name it was given."""
    tb = exc.__traceback__
    found: tuple[type | None, str | None] = (None, None)
    while tb is not None:
        frame = tb.tb_frame
        code = frame.f_code
        if code.co_name in ("__init__", "_internal_init") and code.co_varnames:
            this = frame.f_locals.get(code.co_varnames[0])
            if this is not None and hasattr(type(this), "_internal_init"):
                name = frame.f_locals.get("resource_name")
                if not isinstance(name, str):
                    args = frame.f_locals.get("args")
                    name = args[0] if isinstance(args, tuple) and args and isinstance(args[0], str) else None
                found = (type(this), name)
        tb = tb.tb_next
    return found


def keyword_candidates(cls: type) -> list[str]:
    skip = {"self", "__self__", "resource_name", "opts", "__props__", "__opts__", "args", "kwargs"}
    target = getattr(cls, "_internal_init", None) or cls.__init__
    try:
        params = inspect.signature(target).parameters
    except (TypeError, ValueError):
        return []
    return [p for p, spec in params.items()
            if p not in skip and spec.kind not in (spec.VAR_POSITIONAL, spec.VAR_KEYWORD)]


def token_of(cls: type) -> str | None:
    try:
        source = inspect.getsource(cls._internal_init)  # type: ignore[attr-defined]
    except (OSError, TypeError, AttributeError):
        return None
    match = _TOKEN.search(source.split("super(", 1)[-1])
    return match.group(1) if match else None


def write(outdir: str, result: dict[str, Any]) -> None:
    with open(os.path.join(outdir, "pulumi.json"), "w", encoding="utf-8") as fh:
        json.dump(result, fh, default=repr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
