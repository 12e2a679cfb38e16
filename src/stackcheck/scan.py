"""discover -> load -> check -> report. Nothing else lives here."""

from __future__ import annotations

import fnmatch
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from stackcheck.discover import discover
from stackcheck.errors import InputError
from stackcheck.findings import SEVERITY_RANK, Finding
from stackcheck.model.resource import Stack
from stackcheck.rules.base import Context, Rule
from stackcheck.suppress import Suppressed


@dataclass
class ScanResult:
    stacks: list[Stack] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    rules_run: frozenset[str] | None = None  # ids of the rules the scan ran (not disabled, in the profile)

    @property
    def blockers(self) -> list[Finding]:
        return [f for f in self.findings if f.blocker]


def _skipped(path: str, skip: list[str], base: str) -> bool:
    rel = os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")
    return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel + "/", pat) for pat in skip)


@dataclass
class ProgramOptions:
    enabled: bool = True
    python: str | None = None
    timeout: float = 120
    cache: bool = True  # reuse the output of an unchanged program (loaders/programs/cache.py)


@dataclass(frozen=True)
class Unit:
    """One input that loads on its own: a Terraform root directory, a template or plan, a program."""

    kind: str  # "terraform" | "template" | "cdktf" | "pulumi" | "cdk"
    path: str
    named: bool = False  # given on the command line (a non-template is then an error)


@dataclass
class UnitResult:
    stacks: list[Stack] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    internal: list[str] = field(default_factory=list)


def units(paths: list[str], skip: list[str] | None = None, base: str = ".",
          programs: ProgramOptions | None = None) -> tuple[list[Unit], list[InputError]]:
    programs = programs or ProgramOptions()
    inputs = discover(paths, programs=programs.enabled)
    found = [Unit("terraform", d) for d in inputs.terraform_dirs]
    found += [Unit("template", t, t in paths) for t in inputs.templates]
    found += [Unit(kind, d) for kind, d in inputs.programs]
    if skip:
        found = [u for u in found if not _skipped(u.path, skip, base)]
    return found, list(inputs.errors)


def load_unit(unit: Unit, programs: ProgramOptions) -> tuple[list[Stack], list[InputError]]:
    errors: list[InputError] = []
    if unit.kind == "terraform":
        from stackcheck.loaders.terraform.module import load_root

        stack = load_root(unit.path, errors)
        return ([stack] if stack is not None else []), errors
    if unit.kind == "template":
        from stackcheck.loaders.cloudformation.template import load_template
        from stackcheck.loaders.plan import load_plan

        try:
            with open(unit.path, "rb") as fh:
                data = fh.read()
            is_plan = unit.path.endswith(".json") and b'"planned_values"' in data[: 1 << 20]
            stack = load_plan(unit.path, data) if is_plan else load_template(unit.path, data)
        except InputError as exc:
            return [], [exc]
        except OSError as exc:
            return [], [InputError(unit.path, 0, f"cannot read file: {exc.strerror}")]
        if stack is None:
            if unit.named:
                errors.append(InputError(unit.path, 1, "not a CloudFormation template or Terraform plan"))
            return [], errors
        return [stack], errors
    from stackcheck.loaders.programs import cache

    cache.configure(programs.cache)
    loader = importlib.import_module(f"stackcheck.loaders.programs.{unit.kind}")
    got, errs = loader.load(unit.path, python=programs.python, timeout=programs.timeout)
    return list(got), list(errs)


def _module_roots(stacks: list[Stack]) -> set[str]:
    """Directories that another Terraform stack loads as a local module: not roots of their own."""
    return {os.path.normpath(os.path.dirname(f)) for s in stacks if s.framework == "terraform" for f in s.files
            if os.path.normpath(os.path.dirname(f)) != os.path.normpath(s.path)}


def _is_module_root(stack: Stack, module_dirs: set[str]) -> bool:
    return stack.framework == "terraform" and os.path.normpath(stack.path) in module_dirs


def _dedupe_errors(errors: list[InputError]) -> list[InputError]:
    # A module directory loaded both as a root and as a module reports its errors twice.
    unique = {(e.file, e.line, e.message): e for e in errors}
    return list(unique.values())


def load(paths: list[str], skip: list[str] | None = None, base: str = ".",
         programs: ProgramOptions | None = None) -> tuple[list[Stack], list[InputError]]:
    programs = programs or ProgramOptions()
    todo, errors = units(paths, skip, base, programs)
    stacks: list[Stack] = []
    for unit in todo:
        got, errs = load_unit(unit, programs)
        stacks.extend(got)
        errors.extend(errs)
    module_dirs = _module_roots(stacks)
    return [s for s in stacks if not _is_module_root(s, module_dirs)], _dedupe_errors(errors)


def _describe(exc: BaseException) -> str:
    """`KeyError at module.py:123: 'x'`: enough for a bug report."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{where}: {exc}"


def rules_to_run(ctx: Context, disabled: set[str] | None = None) -> list[Rule]:
    """The rules a scan runs: not disabled and, for requirements, part of the profile."""
    from stackcheck import profiles
    from stackcheck.rules import all_rules

    return [r for r in all_rules() if not (disabled and r.id in disabled)
            and (r.category != "requirement" or profiles.runs(r.id, ctx.profile))]


def check(stacks: list[Stack], ctx: Context, disabled: set[str] | None = None) -> tuple[list[Finding], list[str]]:
    findings: list[Finding] = []
    internal: list[str] = []
    chosen = rules_to_run(ctx, disabled)
    for stack in stacks:
        kinds = {stack.framework, stack.settings.get("program", {}).get("kind")}
        for rule in chosen:
            if kinds.isdisjoint(rule.frameworks):
                continue
            try:
                findings.extend(rule.check(stack, ctx))
            except Exception as exc:  # a bug of ours must not hide the other findings
                internal.append(f"{stack.path}: internal error in {rule.id}: {_describe(exc)}")
    unique = {(f.rule_id, f.resource, f.attribute, f.file, f.line, f.message): f for f in findings}
    return sorted(unique.values(), key=Finding.sort_key), internal


def _process(unit: Unit, ctx: Context, disabled: set[str] | None, programs: ProgramOptions) -> UnitResult:
    """Load one input and run the rules on it: the work a --jobs worker does."""
    try:
        stacks, errors = load_unit(unit, programs)
    except Exception as exc:  # a loader bug: report it for this input, scan the others
        return UnitResult(internal=[f"{unit.path}: internal error while loading: {_describe(exc)}"])
    findings, internal = check(stacks, ctx, disabled)
    return UnitResult(stacks, errors, findings, internal)


# Below this much input, forking workers costs more than it saves (measured: bench/README.md).
PARALLEL_MIN_BYTES = 200_000


def _size(unit: Unit) -> int:
    try:
        if os.path.isfile(unit.path):
            return os.path.getsize(unit.path)
        with os.scandir(unit.path) as entries:
            return sum(e.stat().st_size for e in entries if e.is_file() and e.name.endswith((".tf", ".tf.json")))
    except OSError:
        return 0


def _process_batch(batch: list[Unit], ctx: Context, disabled: set[str] | None,
                   programs: ProgramOptions) -> list[UnitResult]:
    return [_process(unit, ctx, disabled, programs) for unit in batch]


def _batches(sizes: list[int], workers: int, programs_count: int) -> list[list[int]]:
    """Indexes of the inputs, grouped so that each task sent to a worker carries enough work to outweigh its
    round trip (many small modules), yet there are several tasks per worker to even out the load.

    Largest first, so that one big input does not finish last on its own; a program is a batch by itself
    (it runs for seconds)."""
    order = sorted(range(len(sizes)), key=lambda i: -sizes[i])
    if programs_count:
        return [[i] for i in order]
    per_batch = max(1, len(order) // (workers * 4))
    return [order[k:k + per_batch] for k in range(0, len(order), per_batch)]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _run(todo: list[Unit], ctx: Context, disabled: set[str] | None, programs: ProgramOptions, jobs: int | None,
         progress: Callable[[int, int, str], None] | None) -> list[UnitResult]:
    """Process every unit, in parallel when that pays; results in the order of `todo` (determinism)."""
    explicit = jobs is not None
    jobs = default_jobs() if jobs is None or jobs < 1 else jobs
    programs_count = sum(u.kind not in ("terraform", "template") for u in todo)
    sizes = [_size(u) for u in todo] if jobs > 1 and len(todo) > 1 else []
    # An explicit --jobs N is obeyed; the default only forks when there is enough work to gain from it.
    parallel = bool(sizes) and (explicit or sum(sizes) >= PARALLEL_MIN_BYTES or programs_count > 1)
    results: list[UnitResult | None] = [None] * len(todo)
    if not parallel:
        for i, unit in enumerate(todo):
            results[i] = _process(unit, ctx, disabled, programs)
            if progress:
                progress(i + 1, len(todo), unit.path)
        return results  # type: ignore[return-value]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from stackcheck.rules import all_rules

    # fork: workers inherit the imported rules instead of each importing them again.
    all_rules()
    workers = min(jobs, len(todo))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {pool.submit(_process_batch, [todo[i] for i in batch], ctx, disabled, programs): batch
                   for batch in _batches(sizes, workers, programs_count)}
        done = 0
        for future in as_completed(futures):
            batch = futures[future]
            try:
                for i, result in zip(batch, future.result(), strict=True):
                    results[i] = result
            except BrokenProcessPool:
                continue  # a worker died: every pending input fails with it; they are re-run alone below
            done += len(batch)
            if progress:
                progress(done, len(todo), todo[batch[-1]].path)
    for i in (i for i, r in enumerate(results) if r is None):
        # Alone in a pool of one, so that only the input that kills its worker (memory, a signal) is lost.
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as single:
            try:
                results[i] = single.submit(_process, todo[i], ctx, disabled, programs).result()
            except BrokenProcessPool as exc:
                results[i] = UnitResult(internal=[f"{todo[i].path}: internal error: the worker died ({exc})"])
        done += 1
        if progress:
            progress(done, len(todo), todo[i].path)
    return results  # type: ignore[return-value]


def scan(paths: list[str], ctx: Context | None = None, severity: str = "info",
         disabled: set[str] | None = None, *, inline_ignores: bool = True, baseline: set[str] | None = None,
         skip: list[str] | None = None, base: str = ".", programs: ProgramOptions | None = None,
         jobs: int | None = 1, progress: Callable[[int, int, str], None] | None = None) -> ScanResult:
    """Scan `paths`. jobs=None uses every core (when the input is big enough to gain from it)."""
    from stackcheck import suppress

    ctx = ctx or Context()
    programs = programs or ProgramOptions()
    todo, errors = units(paths, skip, base, programs)
    results = _run(todo, ctx, disabled, programs, jobs, progress)
    module_dirs = _module_roots([s for r in results for s in r.stacks])
    stacks: list[Stack] = []
    findings: list[Finding] = []
    internal: list[str] = []
    for result in results:
        errors.extend(result.errors)
        if any(_is_module_root(s, module_dirs) for s in result.stacks):
            continue  # loaded again, and checked, as a module of the stack that calls it
        stacks.extend(result.stacks)
        findings.extend(result.findings)
        internal.extend(result.internal)
    limit = SEVERITY_RANK[severity]
    unique = {(f.rule_id, f.resource, f.attribute, f.file, f.line, f.message): f for f in findings
              if SEVERITY_RANK[f.severity] <= limit}
    findings = sorted(unique.values(), key=Finding.sort_key)
    resources = {(r.file, r.address): r for s in stacks for r in s.resources}
    findings, suppressed = suppress.apply(findings, resources, inline=inline_ignores, baseline=baseline)
    return ScanResult(stacks, findings, sorted(_dedupe_errors(errors), key=lambda e: (e.file, e.line, e.message)),
                      internal, suppressed, frozenset(r.id for r in rules_to_run(ctx, disabled)))
