"""The benchmark's inputs: which stacks exist, how to generate them, and what they contain."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field

import gen_cloudformation
import gen_terraform


@dataclass
class Case:
    name: str  # tf-1000, cfn-5000, cfn-1000-single, tf-repo
    framework: str  # terraform | cloudformation
    target: int  # nominal size (the x of the plot)
    path: str  # relative to the work directory
    resources: int = 0
    files: list[str] = field(default_factory=list)  # relative to the work directory
    label: str = ""
    series: bool = True  # part of the scaling series (the plot's lines)
    init_s: float | None = None  # terraform init, timed apart

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "framework": self.framework, "target": self.target, "path": self.path,
                "resources": self.resources, "files": len(self.files), "lines": self.lines, "label": self.label,
                "series": self.series, "init_s": self.init_s}

    @property
    def lines(self) -> int:
        return getattr(self, "_lines", 0)


def _files(work: str, rel: str, suffix: tuple[str, ...]) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(work, rel)):
        dirnames[:] = sorted(d for d in dirnames if d != ".terraform")
        out.extend(os.path.relpath(os.path.join(dirpath, f), work) for f in sorted(filenames) if f.endswith(suffix))
    return out


def _finish(case: Case, work: str) -> Case:
    suffix = (".tf",) if case.framework == "terraform" else (".yaml",)
    case.files = _files(work, case.path, suffix)
    lines = 0
    for f in case.files:
        with open(os.path.join(work, f), "rb") as fh:
            lines += fh.read().count(b"\n")
    case._lines = lines  # type: ignore[attr-defined]
    return case


def _clean(path: str) -> None:
    """Remove the generated files of an earlier run but keep .terraform (the init is reused)."""
    if not os.path.isdir(path):
        return
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = [d for d in dirnames if d != ".terraform"]
        for f in filenames:
            if f.endswith((".tf", ".yaml")):
                os.remove(os.path.join(dirpath, f))


def generate(work: str, sizes: list[int], repo_modules: int) -> list[Case]:
    os.makedirs(work, exist_ok=True)
    cases: list[Case] = []

    def new(name: str, framework: str, target: int, label: str, series: bool = True) -> Case:
        path = os.path.join(work, name)
        _clean(path)
        return Case(name, framework, target, name, label=label, series=series)

    c = new("tf-1", "terraform", 1, "one resource (start-up)")
    c.resources = gen_terraform.write_one_resource(os.path.join(work, c.path))
    cases.append(_finish(c, work))
    for n in sizes:
        c = new(f"tf-{n}", "terraform", n, f"{n:,} resources, one root module")
        c.resources = gen_terraform.write_platform(os.path.join(work, c.path), n)
        cases.append(_finish(c, work))
    c = new("tf-repo", "terraform", 0, f"repository of {repo_modules} small modules", series=False)
    if os.path.isdir(os.path.join(work, c.path)):
        shutil.rmtree(os.path.join(work, c.path))
    c.resources = gen_terraform.write_module_repo(os.path.join(work, c.path), repo_modules)
    cases.append(_finish(c, work))
    gen_terraform.write_repo_root(os.path.join(work, "tf-repo-root"), os.path.join("..", c.path), repo_modules)

    c = new("cfn-1", "cloudformation", 1, "one resource (start-up)")
    c.resources = gen_cloudformation.write_one_resource(os.path.join(work, c.path))
    cases.append(_finish(c, work))
    for n in sizes:
        c = new(f"cfn-{n}", "cloudformation", n, "")
        c.resources, templates = gen_cloudformation.write_platform(os.path.join(work, c.path), n)
        c.label = f"{n:,} resources, {templates} template{'s' if templates > 1 else ''} (at most 500 each)"
        cases.append(_finish(c, work))
        if n == 1000:
            c = new("cfn-1000-single", "cloudformation", n, "1,000 resources in one template", series=False)
            c.resources = gen_cloudformation.write_single(os.path.join(work, c.path), n)
            cases.append(_finish(c, work))
    return cases
