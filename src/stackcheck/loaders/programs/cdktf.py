"""CDK for Terraform (Python): synthesize the app in the sandbox, then load each stack's cdk.tf.json.

The app runs on a copy of the project (see sandbox.py) with CDKTF_OUTDIR pointing at a temporary
directory, so neither cdktf.out nor anything else is written into the user's tree. Each synthesized
stack is loaded with the Terraform loader; its resources are then mapped back to the Python program:
label = construct id, file/line = the constructor call `Class(self, "id", ...)`, attribute lines = the
keyword arguments of that call.

A program that does not synthesize is not an error of stackcheck: its traceback becomes a record in
stack.settings["synth_failures"] (see /tmp/program_contract.md for the shape), and so does a nested
block written as a plain dict, which synthesizes with every field null.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from stackcheck.errors import InputError
from stackcheck.loaders.programs.sandbox import ProgramRun, run_program
from stackcheck.loaders.terraform.module import load_root
from stackcheck.model.resource import Meta, Resource, Stack
from stackcheck.model.values import Unknown

PROVIDER_PREFIX = "cdktf_cdktf_provider_"
_SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "cdktf.out", ".terraform", "__pycache__", ".pytest_cache",
              "tests", "test", ".gen", "imports"}
_PYTHON = re.compile(r"^python(\d+(\.\d+)?)?$")
_FRAME = re.compile(r'^  File "(?P<file>.+)", line (?P<line>\d+), in (?P<func>.+)$')
_EXC_LINE = re.compile(r"^(?P<exc>[A-Za-z_][\w.]*)(?:: (?P<msg>.*))?$")
_CANNOT_IMPORT = re.compile(r"cannot import name '(?P<name>[^']+)' from '(?P<module>[^']+)'")
_UNEXPECTED_KW = re.compile(r"(?:(?P<cls>[\w.]+)\.)?__init__\(\) got an unexpected keyword argument '(?P<name>\w+)'")
# typeguard 2: "type of argument x must be one of (str, NoneType); got bool instead" / "... must be str; got ..."
_TYPEGUARD2 = re.compile(r"type of argument (?P<name>\w+) must be (?:one of \((?P<union>[^)]*)\)|(?P<one>[\w.]+)); "
                         r"got (?P<got>[\w.]+) instead")
# typeguard 3/4: 'argument "x" (bool) is not an instance of str' / '... did not match any element in the union'
_TYPEGUARD4 = re.compile(r'argument "(?P<name>\w+)" \((?P<got>[\w.]+)\) (?:is not an instance of (?P<one>[\w.]+)'
                         r"|did not match any element in the union:?(?P<union>.*))")

# Runs in the sandbox with the project's interpreter: the public names of a bindings module and the keyword
# parameters of one of its classes. It reads the generated source (fast: importing the bindings loads the
# whole jsii assembly, tens of seconds) and falls back to importing and inspect.signature().
_INTROSPECT = r'''
import ast, importlib.machinery, json, sys
module, cls = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "")
out = {"names": None, "params": None, "annotations": {}}
def source_of(name):
    parts = name.split(".")
    spec = importlib.machinery.PathFinder.find_spec(parts[0], sys.path)
    for part in parts[1:]:
        if spec is None or not spec.submodule_search_locations:
            return None
        spec = importlib.machinery.PathFinder.find_spec(part, list(spec.submodule_search_locations))
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    with open(spec.origin, encoding="utf-8") as fh:
        return fh.read()
try:
    text = source_of(module)
    tree = ast.parse(text) if text else None
except Exception:
    tree = None
if tree is not None:
    names, declared = [], None
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            names.append(node.name)
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            try:
                declared = [str(x) for x in ast.literal_eval(node.value)]
            except Exception:
                pass
        if cls and isinstance(node, ast.ClassDef) and node.name == cls:
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    params = item.args.kwonlyargs
                    out["params"] = [p.arg for p in params]
                    out["annotations"] = {p.arg: ast.unparse(p.annotation) for p in params if p.annotation is not None}
    out["names"] = sorted(set(declared or names))
if out["names"] is None or (cls and out["params"] is None):
    try:
        import importlib, inspect
        mod = importlib.import_module(module)
        if out["names"] is None:
            out["names"] = sorted(n for n in getattr(mod, "__all__", dir(mod)) if not n.startswith("_"))
        if cls and out["params"] is None and hasattr(mod, cls):
            sig = inspect.signature(getattr(mod, cls).__init__)
            out["params"] = [p.name for p in sig.parameters.values() if p.kind == p.KEYWORD_ONLY]
    except Exception as exc:
        out["error"] = repr(exc)
print("STACKCHECK-INTROSPECT " + json.dumps(out))
'''


@dataclass
class Site:
    """A constructor call `Class(scope, "id", ...)` in the program."""

    file: str
    call: ast.Call
    id_text: str | None  # the literal id
    id_pattern: re.Pattern[str] | None  # an f-string id as a pattern

    @property
    def line(self) -> int:
        return self.call.lineno

    @property
    def class_name(self) -> str | None:
        func = self.call.func
        if isinstance(func, ast.Name):
            return func.id
        if isinstance(func, ast.Attribute):
            return func.attr
        return None

    def matches(self, construct_id: str) -> bool:
        if self.id_text is not None:
            return self.id_text == construct_id
        return bool(self.id_pattern and self.id_pattern.fullmatch(construct_id))

    def keyword_line(self, name: str) -> int | None:
        for kw in self.call.keywords:
            if kw.arg == name:
                return kw.lineno
        return None

    def keyword(self, name: str) -> ast.keyword | None:
        return next((kw for kw in self.call.keywords if kw.arg == name), None)


@dataclass
class Program:
    """The program's Python files, parsed, with their construct calls and imports."""

    files: list[str]
    trees: dict[str, ast.Module] = field(default_factory=dict)
    sites: list[Site] = field(default_factory=list)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)  # local name -> (module, name)

    @classmethod
    def parse(cls, files: list[str]) -> Program:
        prog = cls(files)
        for path in files:
            try:
                with open(path, encoding="utf-8") as fh:
                    tree = ast.parse(fh.read(), path)
            except (OSError, SyntaxError, ValueError):
                continue
            prog.trees[path] = tree
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    for alias in node.names:
                        prog.imports.setdefault(alias.asname or alias.name, (node.module, alias.name))
                elif isinstance(node, ast.Call) and len(node.args) >= 2:
                    site = _site(path, node)
                    if site is not None:
                        prog.sites.append(site)
        return prog

    def site_for(self, construct_id: str) -> Site | None:
        exact = [s for s in self.sites if s.id_text == construct_id]
        if exact:
            return exact[0]
        return next((s for s in self.sites if s.id_pattern and s.matches(construct_id)), None)

    def site_at(self, file: str, line: int, class_name: str | None = None) -> Site | None:
        """The innermost construct call in `file` whose source spans `line`."""
        found = [s for s in self.sites if s.file == file and s.call.lineno <= line <= (s.call.end_lineno or line)]
        if class_name:
            found = [s for s in found if s.class_name == class_name] or found
        return min(found, key=lambda s: (s.call.end_lineno or s.line) - s.line, default=None)

    def site_using(self, name: str) -> Site | None:
        """The construct call whose class is `name` or that uses `name` inside one of its arguments."""
        best: Site | None = None
        for site in self.sites:
            if site.class_name == name:
                return site
            args = [*site.call.args[2:], *(kw.value for kw in site.call.keywords)]
            for arg in args:
                for node in ast.walk(arg):
                    uses = (isinstance(node, ast.Name) and node.id == name) or (
                        isinstance(node, ast.Attribute) and node.attr == name)
                    if uses and (best is None or _span(site) < _span(best)):
                        best = site
        return best

    def module_of(self, class_name: str | None) -> str | None:
        if not class_name:
            return None
        hit = self.imports.get(class_name)
        return hit[0] if hit else None


def _span(site: Site) -> int:
    return (site.call.end_lineno or site.line) - site.line


def _site(path: str, call: ast.Call) -> Site | None:
    arg = call.args[1]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return Site(path, call, arg.value, None)
    if isinstance(arg, ast.JoinedStr):
        parts = []
        for value in arg.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(re.escape(value.value))
            else:
                parts.append(".+?")
        return Site(path, call, None, re.compile("".join(parts)))
    return None


# -- cdktf.json and the program's files ---------------------------------------------------------


def read_config(project_dir: str) -> tuple[dict[str, Any] | None, InputError | None]:
    path = os.path.join(project_dir, "cdktf.json")
    try:
        with open(path, encoding="utf-8") as fh:
            config = json.load(fh)
    except OSError as exc:
        return None, InputError(path, 0, f"cannot read file: {exc.strerror}")
    except ValueError as exc:
        return None, InputError(path, 1, f"cdktf.json is not valid JSON: {exc}")
    if not isinstance(config, dict):
        return None, InputError(path, 1, "cdktf.json must hold a JSON object")
    return config, None


def app_argv(app: str) -> list[str] | None:
    """The arguments after the interpreter in cdktf.json's "app" ("pipenv run python main.py" -> ["main.py"])."""
    try:
        words = shlex.split(app)
    except ValueError:
        return None
    for i, word in enumerate(words):
        if _PYTHON.match(os.path.basename(word)):
            return words[i + 1:] or None
    for i, word in enumerate(words):
        if word.endswith(".py"):
            return words[i:]
    return None


def entry_file(project_dir: str, argv: list[str]) -> str | None:
    args = list(argv)
    while args and args[0].startswith("-") and args[0] != "-m":
        args.pop(0)  # interpreter flags such as -u
    if not args:
        return None
    if args[0] == "-m" and len(args) > 1:
        base = os.path.join(project_dir, *args[1].split("."))
        for candidate in (os.path.join(base, "__main__.py"), base + ".py"):
            if os.path.isfile(candidate):
                return candidate
        return None
    path = os.path.join(project_dir, args[0])
    return os.path.abspath(path) if os.path.isfile(path) else None


def program_files(project_dir: str, entry: str | None) -> list[str]:
    """The entry script first, then the project's other Python files (not tests, not virtualenvs)."""
    out: list[str] = []
    for root, dirs, names in os.walk(project_dir):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(names):
            if not name.endswith(".py") or name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py":
                continue
            out.append(os.path.abspath(os.path.join(root, name)))
    if entry:
        entry = os.path.abspath(entry)
        out = [entry] + [p for p in out if p != entry]
    return out


# -- load ---------------------------------------------------------------------------------------


def load(project_dir: str, *, python: str | None = None, timeout: float = 120) -> tuple[list[Stack], list[InputError]]:
    project_dir = os.path.abspath(project_dir)
    config, err = read_config(project_dir)
    if err is not None or config is None:
        return [], [err] if err else []
    config_path = os.path.join(project_dir, "cdktf.json")
    language = config.get("language")
    if language != "python":
        return [], [InputError(config_path, 1, f"cdktf.json: language {language!r} is not supported "
                                               "(stackcheck runs Python CDK for Terraform apps)")]
    argv = app_argv(str(config.get("app") or ""))
    if not argv:
        return [], [InputError(config_path, 1, f"cdktf.json: cannot find the Python script in app "
                                               f"{config.get('app')!r}")]
    entry = entry_file(project_dir, argv)
    files = program_files(project_dir, entry)
    program = Program.parse(files)
    entry_rel = os.path.relpath(entry, project_dir) if entry else argv[-1]

    run = run_program(project_dir, argv, python=python, timeout=timeout,
                      env_extra={"CDKTF_OUTDIR": "{outdir}"}, label="synthesizing CDK for Terraform app")
    try:
        settings = {"kind": "cdktf", "dir": project_dir, "entry": entry_rel, "seconds": round(run.seconds, 2),
                    "network_isolated": run.network_isolated}
        errors: list[InputError] = []
        stacks: list[Stack] = []
        for stack_dir in synthesized_stack_dirs(run):
            stack = load_root(stack_dir, errors)
            if stack is None:
                continue
            failures = null_blocks(stack_dir, program, entry)
            adopt(stack, run, program, project_dir, entry, files)
            stack.settings["program"] = dict(settings)
            stack.settings["synth_failures"] = failures
            stacks.append(stack)
        errors = [_user_error(e, run) for e in errors]
        failed = process_failure(run, program, entry, python, timeout, stacks_written=bool(stacks))
        if failed:
            if not stacks:
                stack = Stack(framework="terraform", path=project_dir, files=list(files))
                stack.settings["program"] = dict(settings)
                stack.settings["synth_failures"] = []
                stacks.append(stack)
            stacks[0].settings["synth_failures"][:0] = failed
        return stacks, errors
    finally:
        run.cleanup()


def synthesized_stack_dirs(run: ProgramRun) -> list[str]:
    """Stack directories from the manifest in the outdir (or, for an app that sets its own outdir, the copy)."""
    out: list[str] = []
    for base in (run.outdir, run.workdir):
        manifests = [os.path.join(base, "manifest.json")] if base == run.outdir else _find_manifests(base)
        for manifest in manifests:
            root = os.path.dirname(manifest)
            try:
                with open(manifest, encoding="utf-8") as fh:
                    doc = json.load(fh)
                stacks = doc.get("stacks") or {}
                paths = [os.path.join(root, s.get("synthesizedStackPath", "")) for s in stacks.values()]
            except (OSError, ValueError, AttributeError):
                paths = sorted(os.path.join(root, "stacks", d, "cdk.tf.json")
                               for d in (os.listdir(os.path.join(root, "stacks"))
                                         if os.path.isdir(os.path.join(root, "stacks")) else []))
            out.extend(os.path.dirname(p) for p in paths if p.endswith(".json") and os.path.isfile(p))
        if out:
            break
    return out


def _find_manifests(base: str) -> list[str]:
    found = []
    for root, dirs, names in os.walk(base):
        dirs[:] = [d for d in dirs if d not in {".venv", "venv", "node_modules", ".git"}]
        if "manifest.json" in names and os.path.isdir(os.path.join(root, "stacks")):
            found.append(os.path.join(root, "manifest.json"))
    return found


def _user_error(err: InputError, run: ProgramRun) -> InputError:
    return InputError(run.user_path(err.file), err.line, err.message)


# -- mapping the synthesized stack back to the program ------------------------------------------


def _metadata(doc: dict[str, Any]) -> dict[str, Any]:
    meta = doc.get("//") if isinstance(doc, dict) else None
    meta = meta.get("metadata") if isinstance(meta, dict) else None
    return meta if isinstance(meta, dict) else {}


def _construct_id(doc: dict[str, Any], fallback: str) -> str:
    path = _metadata(doc).get("path")
    return path.rsplit("/", 1)[-1] if isinstance(path, str) and path else fallback


def _raw_stack(stack_dir: str) -> dict[str, Any]:
    try:
        with open(os.path.join(stack_dir, "cdk.tf.json"), encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def adopt(stack: Stack, run: ProgramRun, program: Program, project_dir: str, entry: str | None,
          files: list[str]) -> None:
    """Point the stack, its resources and outputs at the user's program instead of the temporary JSON."""
    raw = _raw_stack(stack.path)
    ids: dict[str, str] = {}
    paths: dict[str, str] = {}
    for section, prefix in (("resource", ""), ("data", "data.")):
        for rtype, items in (raw.get(section) or {}).items():
            for name, body in (items or {}).items() if isinstance(items, dict) else ():
                ids[f"{prefix}{rtype}.{name}"] = _construct_id(body, name)
                path = _metadata(body).get("path")
                if isinstance(path, str):
                    paths[f"{prefix}{rtype}.{name}"] = path
    default_file = entry or (files[0] if files else project_dir)
    for out in stack.outputs:
        out.value = unwrap(out.value)
    for res in [*stack.resources, *stack.data_sources]:
        res.attrs.pop("//", None)
        res.attrs = unwrap(res.attrs)
        for key in [k for k in res.meta if k == "//" or k.startswith("//.")]:
            del res.meta[key]
        res.__dict__.pop("_line_index", None)
        construct_id = ids.get(res.base_address, res.name)
        res.label = construct_id
        res.construct_path = paths.get(res.base_address, "")
        site = program.site_for(construct_id)
        _place(res, site, default_file)
    outputs = raw.get("output") or {}
    for out in stack.outputs:
        body = outputs.get(out.name) if isinstance(outputs, dict) else None
        site = program.site_for(_construct_id(body or {}, out.name))
        out.file = site.file if site else default_file
        out.line = site.line if site else 1
    backend = stack.settings.get("backend")
    if isinstance(backend, dict):
        backend["file"] = default_file
        backend["line"] = 1
        for attr in (backend.get("attrs") or {}).values():
            if isinstance(attr, dict):
                attr["line"] = 1
                if isinstance(attr.get("value"), str) and attr["value"].startswith(os.path.dirname(run.workdir)):
                    attr["value"] = run.user_path(attr["value"])
    version = stack.settings.get("required_version")
    if isinstance(version, dict):
        version["file"], version["line"] = default_file, 1
    stack.settings["synthesized_stack"] = os.path.basename(stack.path)
    stack.path = project_dir
    stack.files = list(files)


def unwrap(value: Any) -> Any:
    """cdktf writes every reference as a JSON template string, "${aws_kms_key.k.arn}". A template that is
    exactly one interpolation is that value in Terraform, so give rules the reference itself (with its
    target and kind) rather than a one-part template."""
    if isinstance(value, Unknown):
        if len(value.parts) == 1 and isinstance(value.parts[0], Unknown):
            return value.parts[0]
        return value
    if isinstance(value, dict):
        return {k: unwrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap(v) for v in value]
    return value


def _place(res: Resource, site: Site | None, default_file: str) -> None:
    if site is None:
        res.file, res.line, res.end_line = default_file, 1, 1
        for key, meta in res.meta.items():
            res.meta[key] = Meta(1, meta.refs, meta.block)
        return
    res.file, res.line, res.end_line = site.file, site.line, site.call.end_lineno or site.line
    for key, meta in res.meta.items():
        line = site.keyword_line(key.split(".", 1)[0]) or site.line
        res.meta[key] = Meta(line, meta.refs, meta.block)
    res.__dict__.pop("_line_index", None)


# -- nested blocks passed as plain dicts --------------------------------------------------------


def _null_paths(value: Any, path: str) -> Iterator[str]:
    """Paths of nested blocks (dicts, or lists of dicts) whose every field is null."""
    if isinstance(value, list):
        blocks = [v for v in value if isinstance(v, dict)]
        if blocks and len(blocks) == len(value) and all(b and all(x is None for x in b.values()) for b in blocks):
            yield path
            return
        for item in blocks:
            yield from _null_dict(item, path)
    elif isinstance(value, dict):
        if value and all(x is None for x in value.values()):
            yield path
            return
        yield from _null_dict(value, path)


def _null_dict(doc: dict[str, Any], path: str) -> Iterator[str]:
    for key, value in doc.items():
        if key == "//" or not isinstance(value, list | dict):
            continue
        yield from _null_paths(value, f"{path}.{key}" if path else key)


def null_blocks(stack_dir: str, program: Program, entry: str | None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    raw = _raw_stack(stack_dir)
    for rtype, items in (raw.get("resource") or {}).items():
        if not isinstance(items, dict):
            continue
        for name, body in items.items():
            if not isinstance(body, dict):
                continue
            for key, value in body.items():
                if key in ("//", "tags", "tags_all", "lifecycle", "depends_on", "provider", "count", "for_each"):
                    continue
                for path in _null_paths(value, key):
                    construct_id = _construct_id(body, name)
                    site = program.site_for(construct_id)
                    top = path.split(".", 1)[0]
                    out.append(_record(
                        "null_block", "NullBlock",
                        f"{rtype}.{name}: every field of the synthesized {path} block is null "
                        "(a plain dict passed where the bindings expect a struct)",
                        site.file if site else entry, (site.keyword_line(top) or site.line) if site else 1,
                        resource=construct_id, resource_type=rtype, class_name=site.class_name if site else None,
                        name=path))
    return out


# -- synthesis failures -------------------------------------------------------------------------


def _record(kind: str, exception: str | None, message: str, file: str | None, line: int | None, *,
            resource: str | None = None, resource_type: str | None = None, class_name: str | None = None,
            name: str | None = None, candidates: list[str] | None = None, expected: str | None = None,
            got: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "exception": exception, "message": message, "file": file, "line": int(line or 1),
            "resource": resource, "resource_type": resource_type, "class_name": class_name, "name": name,
            "candidates": list(candidates or []), "expected": expected, "got": got}


@dataclass
class Traceback:
    frames: list[tuple[str, int, str]]  # (file, line, function)
    exception: str
    message: str


def parse_traceback(stderr: str) -> Traceback | None:
    """The last traceback in stderr: its frames and the exception's name and first message line."""
    lines = stderr.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("Traceback (most recent call last):")]
    if not starts:
        return None
    frames: list[tuple[str, int, str]] = []
    i = starts[-1] + 1
    while i < len(lines):
        line = lines[i]
        m = _FRAME.match(line)
        if m:
            frames.append((m["file"], int(m["line"]), m["func"]))
        elif line and not line.startswith(" "):
            em = _EXC_LINE.match(line)
            if em:
                return Traceback(frames, em["exc"], (em["msg"] or "").strip())
            return Traceback(frames, line.split(":", 1)[0], line.partition(":")[2].strip())
        i += 1
    return Traceback(frames, "Error", "") if frames else None


def resource_type_of(module: str | None) -> str | None:
    """cdktf_cdktf_provider_aws.ecs_task_definition -> aws_ecs_task_definition."""
    if not module or not module.startswith(PROVIDER_PREFIX):
        return None
    head, _, last = module.partition(".")
    provider = head[len(PROVIDER_PREFIX):]
    last = last.split(".")[0]
    if not last or last == "provider" or last.startswith("_"):
        return None
    if last.startswith("data_"):
        last = last[len("data_"):]
        return last if last.startswith(provider + "_") else f"{provider}_{last}"
    return f"{provider}_{last}"


def introspect(project_dir: str, module: str, class_name: str | None, python: str | None,
               timeout: float) -> dict[str, Any]:
    argv = ["-c", _INTROSPECT, module] + ([class_name] if class_name else [])
    run = run_program(project_dir, argv, python=python, timeout=min(timeout, 120), label="inspecting the bindings")
    try:
        for line in run.stdout.splitlines():
            if line.startswith("STACKCHECK-INTROSPECT "):
                try:
                    data = json.loads(line.split(" ", 1)[1])
                except ValueError:
                    break
                return data if isinstance(data, dict) else {}
        return {}
    finally:
        run.cleanup()


def _simple_type(name: str) -> str:
    return name.strip().rsplit(".", 1)[-1]


def process_failure(run: ProgramRun, program: Program, entry: str | None, python: str | None, timeout: float,
                    stacks_written: bool) -> list[dict[str, Any]]:
    """The records for a run that did not synthesize (empty when it did)."""
    found = _process_failure(run, program, entry, python, timeout, stacks_written)
    if found is None:
        return []
    return found if isinstance(found, list) else [found]


def _process_failure(run: ProgramRun, program: Program, entry: str | None, python: str | None, timeout: float,
                     stacks_written: bool) -> dict[str, Any] | list[dict[str, Any]] | None:
    if run.timed_out:
        return _record("other", "Timeout", f"synthesis did not finish within {timeout:g} seconds", entry, 1)
    if run.returncode == 0:
        if stacks_written:
            return None
        return _record("other", None, "the app ran but synthesized no stack (does it call app.synth()?)", entry, 1)
    tb = parse_traceback(run.stderr)
    if tb is None:
        tail = [line for line in run.stderr.strip().splitlines() if line.strip()]
        message = tail[-1].strip() if tail else f"the app exited with status {run.returncode}"
        return _record("other", None, message, entry, 1)
    user_frames = [(run.user_path(f), line, fn) for f, line, fn in tb.frames
                   if run.user_path(f) != f or os.path.abspath(f).startswith(run.project_dir + os.sep)]
    file, line = (user_frames[-1][0], user_frames[-1][1]) if user_frames else (entry, 1)
    exception = tb.exception.rsplit(".", 1)[-1]
    project_dir = run.project_dir

    m = _CANNOT_IMPORT.search(tb.message)
    if exception == "ImportError" and m:
        module, name = m["module"], m["name"]
        info = introspect(project_dir, module, None, python, timeout)
        site = program.site_using(name)
        return _record("import", exception, tb.message, file, line, resource=site.id_text if site else None,
                       resource_type=resource_type_of(module), class_name=name, name=name,
                       candidates=info.get("names") or [])

    site = program.site_at(file, line) if file else None
    m = _UNEXPECTED_KW.search(tb.message)
    if exception == "TypeError" and m:
        class_name = _simple_type(m["cls"]) if m["cls"] else (site.class_name if site else None)
        if class_name and site is not None and site.class_name != class_name:
            site = program.site_at(file, line, class_name) if file else site
        module = program.module_of(class_name)
        info = introspect(project_dir, module, class_name, python, timeout) if module and class_name else {}
        return _record("keyword", exception, tb.message, file, line, resource=_site_id(site),
                       resource_type=resource_type_of(module), class_name=class_name, name=m["name"],
                       candidates=info.get("params") or [])

    m = _TYPEGUARD2.search(tb.message) or _TYPEGUARD4.search(tb.message)
    if exception == "TypeError" and m:
        if m["union"] is not None:
            options = [_simple_type(t) for t in re.split(r"[,|]", m["union"]) if t.strip()]
            options = [t for t in options if t and t not in ("NoneType", "None")]
        else:
            options = [_simple_type(m["one"])]
        class_module = program.module_of(site.class_name if site else None)
        module = class_module or _bindings_module(tb, run)
        first = _record("type", exception, tb.message, file, line, resource=_site_id(site),
                        resource_type=resource_type_of(module), class_name=site.class_name if site else None,
                        name=m["name"], expected=", ".join(options) or None, got=_simple_type(m["got"]))
        return [first, *_more_type_errors(site, m["name"], class_module, project_dir, python, timeout)]

    return _record("other", exception, tb.message or exception, file, line, resource=_site_id(site),
                   resource_type=resource_type_of(program.module_of(site.class_name)) if site else None,
                   class_name=site.class_name if site else None)


_PRIMITIVES = {"builtins.str": ("str",), "builtins.bool": ("bool",), "builtins.int": ("int", "bool"),
               "builtins.float": ("float", "int", "bool"), "jsii.Number": ("int", "float", "bool")}


def _allowed(annotation: str | None) -> list[str] | None:
    """The literal Python types an annotation of the bindings accepts, or None when it cannot tell."""
    if not annotation or re.search(r"typing\.(Any|Mapping|Sequence|List|Dict)\b|datetime", annotation):
        return None
    allowed: list[str] = []
    for token in re.findall(r"[\w.]+", annotation):
        for t in _PRIMITIVES.get(token, ()):
            if t not in allowed:
                allowed.append(t)
    return allowed or None


def _more_type_errors(site: Site | None, failed: str, module: str | None, project_dir: str, python: str | None,
                      timeout: float) -> list[dict[str, Any]]:
    """Synthesis stops at the first mistyped argument; report the call's other literal arguments of the wrong
    type too (checked against the annotations of the generated bindings, read in the sandbox)."""
    if site is None or not module or not site.class_name:
        return []
    literals = [kw for kw in site.call.keywords if kw.arg and kw.arg != failed and isinstance(kw.value, ast.Constant)
                and isinstance(kw.value.value, str | bool | int | float)]
    if not literals:
        return []
    annotations = introspect(project_dir, module, site.class_name, python, timeout).get("annotations") or {}
    out = []
    for kw in literals:
        allowed = _allowed(annotations.get(kw.arg))
        got = type(kw.value.value).__name__
        if allowed is None or got in allowed:
            continue
        shown = [t for t in allowed if not (t == "bool" and "int" in allowed)]
        message = (f"type of argument {kw.arg} must be one of ({', '.join(shown)}, NoneType); got {got} instead "
                   "(not reached: synthesis stopped at an earlier argument)")
        out.append(_record("type", "TypeError", message, site.file, kw.lineno, resource=_site_id(site),
                           resource_type=resource_type_of(module), class_name=site.class_name, name=kw.arg,
                           expected=", ".join(shown), got=got))
    return out


def _site_id(site: Site | None) -> str | None:
    if site is None:
        return None
    if site.id_text is not None:
        return site.id_text
    arg = site.call.args[1]
    return ast.unparse(arg) if isinstance(arg, ast.JoinedStr) else None


def _bindings_module(tb: Traceback, run: ProgramRun) -> str | None:
    """The bindings module named by the deepest frame inside a provider package (for type errors)."""
    for file, _, _ in reversed(tb.frames):
        parts = os.path.normpath(file).split(os.sep)
        for i, part in enumerate(parts):
            if part.startswith(PROVIDER_PREFIX) and i + 1 < len(parts):
                sub = parts[i + 1]
                if sub.endswith(".py"):
                    sub = sub[:-3]
                if sub and sub not in ("__init__", "_jsii"):
                    return f"{part}.{sub}"
    return None
