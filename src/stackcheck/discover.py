"""Find the inputs under the paths given: Terraform module directories and CloudFormation templates.

Templates are recognised by content, not by name; a quick byte check skips JSON/YAML files that
cannot be templates before any parsing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from stackcheck.errors import InputError

SKIP_DIRS = {".terraform", ".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
             ".pytest_cache", ".ruff_cache"}
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template", ".cfn")
NOT_TEMPLATES = (".tf.json", ".tfvars.json", "package.json", "package-lock.json", "tsconfig.json",
                 "cdk.json", "cdktf.json", "manifest.json", "tree.json")


PROGRAM_MARKERS = {"cdktf.json": "cdktf", "Pulumi.yaml": "pulumi", "Pulumi.yml": "pulumi", "cdk.json": "cdk"}
SYNTH_DIRS = {"cdk.out", "cdktf.out"}  # a program's own output: skipped where the program itself is run


@dataclass
class Inputs:
    terraform_dirs: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    programs: list[tuple[str, str]] = field(default_factory=list)  # (kind, project directory)
    errors: list[InputError] = field(default_factory=list)


def program_kind(directory: str) -> str | None:
    """cdktf | pulumi | cdk when the directory is a Python program project of that kind."""
    for marker, kind in PROGRAM_MARKERS.items():
        path = os.path.join(directory, marker)
        if os.path.isfile(path):
            try:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read(65536)
            except OSError:
                return None
            python = "python" in text.lower()
            return kind if python else None
    return None


def discover(paths: list[str], programs: bool = True) -> Inputs:
    found = Inputs()
    tf_dirs: dict[str, None] = {}
    templates: dict[str, None] = {}
    projects: dict[str, str] = {}
    for path in paths:
        if not os.path.exists(path):
            found.errors.append(InputError(path, 0, "no such file or directory"))
        elif os.path.isdir(path):
            _walk(path, tf_dirs, templates, found.errors, projects if programs else None)
        elif path.endswith((".tf", ".tf.json")):
            tf_dirs[os.path.dirname(path) or "."] = None
        else:
            templates[path] = None  # named explicitly: a non-template is reported, not skipped
    found.terraform_dirs = list(tf_dirs)
    found.templates = list(templates)
    found.programs = [(kind, d) for d, kind in projects.items()]
    return found


def _walk(root: str, tf_dirs: dict[str, None], templates: dict[str, None], errors: list[InputError],
          projects: dict[str, str] | None) -> None:
    seen: set[tuple[int, int]] = set()

    def onerror(exc: OSError) -> None:
        errors.append(InputError(exc.filename or root, 0, f"cannot read: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=True):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        if projects is not None:
            kind = program_kind(dirpath)
            if kind is not None:
                # The program is run; its sources and earlier synth output are not static inputs.
                projects[dirpath] = kind
                dirnames[:] = []
                continue
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            if name.endswith((".tf", ".tf.json")):
                tf_dirs[dirpath] = None
            elif name.endswith(TEMPLATE_SUFFIXES) and not name.endswith(NOT_TEMPLATES):
                path = os.path.join(dirpath, name)
                if _may_be_template(path):
                    templates[path] = None


def _may_be_template(path: str) -> bool:
    """A CloudFormation template or a Terraform plan in JSON (both go to the template loaders)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return True  # let the loader report it
    return (b"Resources" in head or b"AWSTemplateFormatVersion" in head
            or (b'"planned_values"' in head and b'"format_version"' in head))
