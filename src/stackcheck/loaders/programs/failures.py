"""Turn a Python program's traceback into a synth-failure record (stack.settings["synth_failures"]).

Shared by the program loaders: find the deepest frame in the user's project, classify the exception
(import / keyword / type / other), and find the constructor call and its construct id with `ast`.
"""

from __future__ import annotations

import ast
import json
import os
import re
from functools import cache
from typing import Any

from stackcheck.loaders.programs.sandbox import ProgramRun, run_program

FRAME = re.compile(r'^\s*File "([^"]+)", line (\d+)')
EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)?):\s?(.*)$")
IMPORT = re.compile(r"cannot import name '([^']+)' from '([^']+)'")
KEYWORD = re.compile(r"(?:(\w+)\.)?(?:_internal_init|__init__)\(\) got an unexpected keyword argument '([^']+)'")
TYPEGUARD = re.compile(r"type of argument (\w+) must be (?:one of )?\(?([^;)]+)\)?; got (\w+) instead")


def parse_traceback(stderr: str) -> tuple[list[tuple[str, int]], str, str]:
    """(frames [(file, line)], exception type, message) of the last traceback in stderr."""
    lines = stderr.splitlines()
    start = max((i for i, line in enumerate(lines) if line.startswith("Traceback (most recent call last)")),
                default=-1)
    frames: list[tuple[str, int]] = []
    exc_type, message = "", ""
    for line in lines[start + 1:] if start >= 0 else lines:
        m = FRAME.match(line)
        if m:
            frames.append((m.group(1), int(m.group(2))))
            continue
        e = EXCEPTION.match(line)
        if e and not line.startswith(" "):
            exc_type, message = e.group(1).rsplit(".", 1)[-1], e.group(2).strip()
    return frames, exc_type, message


def user_frame(run: ProgramRun, frames: list[tuple[str, int]]) -> tuple[str | None, int]:
    work = os.path.realpath(run.workdir) + os.sep
    for file, line in reversed(frames):
        if os.path.realpath(file).startswith(work):
            return run.user_path(file), line
    return None, 1


@cache
def _tree(path: str) -> ast.Module | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return ast.parse(fh.read(), filename=path)
    except (OSError, SyntaxError, ValueError):
        return None


def _string(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def construct_id(call: ast.Call, position: int) -> str | None:
    return _string(call.args[position]) if len(call.args) > position else None


def calls_at(path: str, line: int) -> list[ast.Call]:
    """Calls that span `line`, innermost last."""
    tree = _tree(path)
    if tree is None:
        return []
    found = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and n.lineno <= line <= (n.end_lineno or n.lineno)]
    return sorted(found, key=lambda n: (n.lineno, -(n.end_lineno or n.lineno)))


def call_with_id(path: str, line: int, position: int) -> ast.Call | None:
    """The innermost call spanning `line` whose argument at `position` is a string literal (the id)."""
    for call in reversed(calls_at(path, line)):
        if construct_id(call, position) is not None:
            return call
    return None


def call_using(path: str, name: str, position: int) -> ast.Call | None:
    """The constructor call (with a literal id) inside which `name` is used."""
    tree = _tree(path)
    if tree is None:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            for call in reversed(calls_at(path, node.lineno)):
                if construct_id(call, position) is not None and call.lineno <= node.lineno:
                    return call
    return None


def find_construct(paths: list[str], ident: str, position: int) -> tuple[str, int] | None:
    """Where the construct with this id is created: (file, line)."""
    for path in paths:
        tree = _tree(path)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and construct_id(node, position) == ident:
                return path, node.lineno
    return None


def keyword_lines(call: ast.Call) -> dict[str, int]:
    return {kw.arg: kw.lineno for kw in call.keywords if kw.arg}


INTROSPECT = """
import importlib, inspect, json, sys
mod, cls = sys.argv[1], sys.argv[2]
out = {"names": [], "params": []}
try:
    m = importlib.import_module(mod)
    out["names"] = sorted(n for n in dir(m) if not n.startswith("_"))
    if cls:
        c = getattr(m, cls, None)
        if c is not None:
            out["params"] = [p for p in inspect.signature(c.__init__).parameters if p not in ("self", "scope", "id_")]
except Exception as exc:
    out["error"] = str(exc)
print(json.dumps(out))
"""


def introspect(run: ProgramRun, python: str | None, module: str, cls: str = "") -> dict[str, Any]:
    """Names a module defines and a class's keyword parameters, asked in the program's own interpreter."""
    script = os.path.join(run.workdir, "_stackcheck_introspect.py")
    with open(script, "w", encoding="utf-8") as fh:
        fh.write(INTROSPECT)
    probe = run_program(run.workdir, [os.path.basename(script), module, cls], python=python, timeout=60)
    try:
        return json.loads(probe.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"names": [], "params": []}
    finally:
        probe.cleanup()


# What the sandbox refuses a program, recognised in its exception, so that the finding says the program
# was stopped by stackcheck, not that it is broken (a CDK lookup, a Pulumi provider reading a profile...).
SANDBOX_REFUSALS = (
    ("network", re.compile(r"ConnectionRefused|ConnectionError|ConnectionReset|gaierror|URLError|EndpointConnection"
                           r"|NewConnectionError|MaxRetryError|ProxyError|ConnectTimeout|Network is unreachable"
                           r"|Errno 101|Name or service not known|Temporary failure in name resolution"),
     "stackcheck runs programs without network access"),
    ("write", re.compile(r"Read-only file system|Errno 30\b|wrote outside its temporary copy"),
     "stackcheck lets a program write only inside its temporary copy of the project"),
    ("credentials", re.compile(r"NoCredentialsError|PartialCredentialsError|Unable to locate credentials"
                               r"|\.aws/(?:credentials|config)|InvalidClientTokenId|ExpiredToken"),
     "stackcheck gives programs no AWS credentials (a fake account and region only)"),
)


def sandbox_refusal(exc_type: str, message: str) -> tuple[str, str] | None:
    """(what, note) when the exception is the sandbox refusing the program something."""
    text = f"{exc_type}: {message}"
    for what, pattern, note in SANDBOX_REFUSALS:
        if pattern.search(text):
            return what, note
    return None


def classify(run: ProgramRun, *, python: str | None, id_position: int, program_files: list[str],
             module_of_class: Any = None, type_of_module: Any = None) -> dict[str, Any]:
    """A synth-failure record for a run that did not produce output."""
    frames, exc_type, message = parse_traceback(run.stderr)
    file, line = user_frame(run, frames)
    record: dict[str, Any] = {"kind": "other", "exception": exc_type or None, "message": message or None,
                              "file": file or (program_files[0] if program_files else run.project_dir),
                              "line": line, "resource": None, "resource_type": None, "class_name": None,
                              "name": None, "candidates": [], "expected": None, "got": None}
    if run.timed_out:
        record.update(exception="Timeout", sandbox="timeout",
                      message=f"the program ran longer than the time limit ({run.seconds:.0f} s) and was stopped "
                              "(--program-timeout)")
        return record
    refusal = sandbox_refusal(exc_type, message)
    if refusal is not None:
        record.update(sandbox=refusal[0], message=f"{message} ({refusal[1]})")
    if not exc_type:
        tail = run.stderr.strip().splitlines()[-1:] or [f"exit status {run.returncode}"]
        record.update(message=tail[0][:300])
        return record
    call = call_with_id(file, line, id_position) if file else None
    if call is not None:
        record["resource"] = construct_id(call, id_position)
    if m := IMPORT.search(message):
        name, module = m.group(1), m.group(2)
        info = introspect(run, python, module)
        user = next((c for p in program_files if (c := call_using(p, name, id_position)) is not None), None)
        record.update(kind="import", name=name, candidates=info.get("names", []),
                      resource=construct_id(user, id_position) if user is not None else record["resource"],
                      resource_type=type_of_module(module) if type_of_module else None)
    elif m := KEYWORD.search(message):
        cls, name = m.group(1), m.group(2)
        module = module_of_class(file, cls) if module_of_class and cls else None
        info = introspect(run, python, module, cls) if module else {}
        if call is not None:
            line = keyword_lines(call).get(name, line)
        record.update(kind="keyword", name=name, class_name=cls, candidates=info.get("params", []), line=line,
                      resource_type=type_of_module(module) if type_of_module and module else None)
    elif m := TYPEGUARD.search(message):
        name = m.group(1)
        if call is not None:
            line = keyword_lines(call).get(name, line)
        record.update(kind="type", name=name, expected=m.group(2).split(",")[0].strip(), got=m.group(3), line=line)
    return record


def imported_module(path: str, cls: str) -> str | None:
    """The module a class comes from in the program file: `from X import cls`, or `alias.cls` with `alias`
    bound by `from aws_cdk import aws_s3 as alias` / `import aws_cdk.aws_s3 as alias`."""
    tree = _tree(path)
    if tree is None:
        return None
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                if a.name == cls:
                    return node.module
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name] = a.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == cls and isinstance(node.value, ast.Name):
            module = aliases.get(node.value.id)
            if module:
                return module
    return None


def python_files(project_dir: str) -> list[str]:
    out = []
    for root, dirs, files in os.walk(project_dir):
        dirs[:] = [d for d in dirs if d not in (".venv", "venv", "node_modules", "cdk.out", "cdktf.out", ".git",
                                                "__pycache__")]
        out.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(".py"))
    return sorted(out)
