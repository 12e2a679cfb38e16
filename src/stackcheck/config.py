"""Project configuration: `.stackcheck.toml`, or `[tool.stackcheck]` in pyproject.toml.

    disable = ["SC309"]            # rules to skip
    enable = ["SC309"]             # rules to run even if disabled above (or by a profile)
    severity = "low"               # report threshold
    skip_paths = ["legacy/**"]     # globs, relative to the config file's directory
    inline_ignores = true          # honour `# stackcheck:ignore` comments and Metadata ignores
    baseline = ".stackcheck-baseline.json"

    [profile]                      # the requirement profile (category "requirement" rules)
    requirements = true
    min_backup_retention_days = 7
    min_cache_snapshot_days = 0
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from typing import Any

from stackcheck.errors import InputError

KEYS = {"disable", "enable", "severity", "skip_paths", "inline_ignores", "baseline", "profile"}


@dataclass
class Config:
    disable: set[str] = field(default_factory=set)
    enable: set[str] = field(default_factory=set)
    severity: str | None = None
    skip_paths: list[str] = field(default_factory=list)
    inline_ignores: bool = True
    baseline: str | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # the file it came from
    base_dir: str = "."


def find_config(start: str = ".") -> str | None:
    """The nearest .stackcheck.toml, or pyproject.toml with [tool.stackcheck], from `start` upwards."""
    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, ".stackcheck.toml")
        if os.path.isfile(candidate):
            return candidate
        pyproject = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(pyproject):
            try:
                with open(pyproject, "rb") as fh:
                    if "stackcheck" in tomllib.load(fh).get("tool", {}):
                        return pyproject
            except (OSError, tomllib.TOMLDecodeError):
                pass
        if os.path.isdir(os.path.join(directory, ".git")):
            return None
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def load_config(path: str | None) -> Config:
    if path is None:
        return Config()
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except OSError as exc:
        raise InputError(path, 0, f"cannot read config: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, getattr(exc, "lineno", 1) or 1, f"invalid TOML: {exc}") from None
    table = doc.get("tool", {}).get("stackcheck", {}) if path.endswith("pyproject.toml") else doc
    unknown = set(table) - KEYS
    if unknown:
        raise InputError(path, 1, f"unknown stackcheck setting(s): {', '.join(sorted(unknown))}")
    cfg = Config(source=path, base_dir=os.path.dirname(os.path.abspath(path)))
    cfg.disable = {str(x).upper() for x in table.get("disable", [])}
    cfg.enable = {str(x).upper() for x in table.get("enable", [])}
    cfg.severity = table.get("severity")
    cfg.skip_paths = [str(x) for x in table.get("skip_paths", [])]
    cfg.inline_ignores = bool(table.get("inline_ignores", True))
    cfg.baseline = table.get("baseline")
    cfg.profile = dict(table.get("profile", {}))
    return cfg
