"""AWS CDK (Python) apps: synthesize into a temporary cdk.out and load its templates."""

from __future__ import annotations

import json
import os
import shlex
from typing import Any

from stackcheck.errors import InputError
from stackcheck.loaders.cloudformation.template import load_template
from stackcheck.loaders.programs import failures
from stackcheck.loaders.programs.sandbox import run_program
from stackcheck.model.resource import Stack

ID_POSITION = 1  # Construct(scope, "id", ...)


def _app_argv(project_dir: str) -> list[str]:
    with open(os.path.join(project_dir, "cdk.json"), encoding="utf-8") as fh:
        app = json.load(fh).get("app", "python3 app.py")
    words = shlex.split(app)
    while words and not os.path.basename(words[0]).startswith("python"):
        words = words[1:]  # "pipenv run python app.py" and the like
    return words[1:] if words else ["app.py"]


# What the CDK CLI adds to the context of every synth (aws-cdk cli lib/api/cxapp/exec.ts): construct paths
# and asset metadata on resources, no version-reporting resource. Bundling is skipped for every stack
# ("aws:cdk:bundling-stacks": []), as `cdk synth --exclusively` does for the stacks it leaves out: bundling
# runs Docker or local builds, which a scan must not.
CLI_CONTEXT = {
    "aws:cdk:enable-path-metadata": True,
    "aws:cdk:enable-asset-metadata": True,
    "aws:cdk:version-reporting": False,
    "aws:cdk:bundling-stacks": [],
}


# Linux refuses a single environment string over 128 KiB (MAX_ARG_STRLEN); the CDK CLI moves large contexts
# to a file named by CONTEXT_OVERFLOW_LOCATION_ENV, which aws-cdk-lib's App reads too.
CONTEXT_ENV_MAX = 32_000


def _context(project_dir: str) -> dict[str, Any]:
    """The context the CDK CLI passes the app (CDK_CONTEXT_JSON): cdk.context.json, then cdk.json's "context"
    over it (the CLI's precedence), then the CLI's own keys. Without it feature flags set in cdk.json are
    lost and the synthesized template differs from what `cdk deploy` deploys."""
    context: dict[str, Any] = {}
    for name, key in (("cdk.context.json", None), ("cdk.json", "context")):
        try:
            with open(os.path.join(project_dir, name), encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            continue
        bag = data.get(key) if key else data
        if isinstance(bag, dict):
            context.update(bag)
    context.update(CLI_CONTEXT)
    return context


def _failed_stack(project_dir: str, record: dict[str, Any], files: list[str], seconds: float, isolated: bool) -> Stack:
    stack = Stack(framework="cloudformation", path=project_dir, files=files)
    stack.settings["program"] = {"kind": "cdk", "dir": project_dir, "entry": files[0] if files else None,
                                 "seconds": seconds, "network_isolated": isolated}
    stack.settings["synth_failures"] = [record]
    return stack


def load(project_dir: str, *, python: str | None = None, timeout: float = 120) -> tuple[list[Stack], list[InputError]]:
    errors: list[InputError] = []
    try:
        argv = _app_argv(project_dir)
    except (OSError, ValueError) as exc:
        return [], [InputError(os.path.join(project_dir, "cdk.json"), 1, f"cannot read cdk.json: {exc}")]
    files = failures.python_files(project_dir)
    context = json.dumps(_context(project_dir))
    env_extra = {"CDK_OUTDIR": "{outdir}"}
    extra_files: dict[str, str] = {}
    if len(context) <= CONTEXT_ENV_MAX:
        env_extra["CDK_CONTEXT_JSON"] = context.replace("{", "{{").replace("}", "}}")  # a format string
    else:  # too big for one environment variable: a file, as the CLI does
        extra_files["cdk-context.json"] = context
        env_extra["CONTEXT_OVERFLOW_LOCATION_ENV"] = "{base}/cdk-context.json"
    run = run_program(project_dir, argv, python=python, timeout=timeout, env_extra=env_extra, files=extra_files,
                      label="synthesizing AWS CDK app")
    try:
        manifest_path = os.path.join(run.outdir, "manifest.json")
        if run.returncode != 0 or not os.path.exists(manifest_path):
            record = failures.classify(
                run, python=python, id_position=ID_POSITION, program_files=files,
                module_of_class=failures.imported_module, type_of_module=None)
            return [_failed_stack(project_dir, record, files, run.seconds, run.network_isolated)], errors
        with open(manifest_path, encoding="utf-8") as fh:
            manifest = json.load(fh)
        stacks = []
        templates = [os.path.join(run.outdir, artifact.get("properties", {}).get("templateFile", ""))
                     for artifact in manifest.get("artifacts", {}).values()
                     if artifact.get("type") == "aws:cloudformation:stack"]
        # Nested stacks (cdk.NestedStack) are assets of their parent, not artifacts: their templates sit beside it.
        templates += sorted(os.path.join(run.outdir, name) for name in os.listdir(run.outdir)
                            if name.endswith(".nested.template.json"))
        for template in templates:
            try:
                with open(template, "rb") as fh:
                    stack = load_template(template, fh.read())
            except (OSError, InputError) as exc:
                errors.append(InputError(project_dir, 1, f"cannot read the synthesized template: {exc}"))
                continue
            if stack is None:
                continue
            _to_program(stack, project_dir, files)
            stack.settings["program"] = {"kind": "cdk", "dir": project_dir, "entry": files[0] if files else None,
                                         "seconds": run.seconds, "network_isolated": run.network_isolated}
            stack.settings["synth_failures"] = []
            stacks.append(stack)
        return stacks, errors
    finally:
        run.cleanup()


def _to_program(stack: Stack, project_dir: str, files: list[str]) -> None:
    """Point every resource at the program line that creates it (via its aws:cdk:path)."""
    stack.resources = [r for r in stack.resources if r.type != "AWS::CDK::Metadata"]
    stack.path = project_dir
    stack.files = files
    for res in stack.resources:
        meta = res.lifecycle.get("Metadata") or {}
        path = str(meta.get("aws:cdk:path", "")) if isinstance(meta, dict) else ""
        parts = [p for p in path.split("/") if p and p not in ("Resource", "Default")]
        where = None
        for ident in reversed(parts[1:]):
            where = failures.find_construct(files, ident, ID_POSITION)
            if where:
                break
        res.construct_path = path
        if where is None:
            continue  # keep the synthesized template's location
        res.file, res.line = where
        for m in res.meta.values():
            m.line = res.line
        res.__dict__.pop("_line_index", None)
