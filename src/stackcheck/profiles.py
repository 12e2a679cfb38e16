"""Requirement profiles: which production requirements (rules of category "requirement") a scan holds
stacks to.

- "production" (the default): every requirement rule, with the parameters below.
- "none": no requirement rule (the same as `--no-requirements`).
- A replacement: `[profile] rules = ["SC103", "SC602"]` runs only those requirement rules; the other
  categories (deploy blockers, runtime failures, advisories) are not affected.
"""

from __future__ import annotations

from typing import Any

from stackcheck.errors import InputError

BUILTIN = ("production", "none")
# The parameters of the production profile; a config's [profile] table overrides them one by one.
DEFAULTS: dict[str, Any] = {
    "min_backup_retention_days": 7,
    "min_cache_snapshot_days": 0,
    "min_log_retention_days": 1,
}
# Switches of the production profile (booleans).
SWITCHES: dict[str, bool] = {
    "require_outputs": True,  # SC902 also on stacks with no output at all; false: only partial exports
}
SETTINGS = {"name", "requirements", "rules"} | set(DEFAULTS) | set(SWITCHES)


def resolve(table: dict[str, Any], source: str | None) -> dict[str, Any]:
    """The profile a scan runs with, from a config's [profile] table (validated)."""
    where = source or "<config>"
    unknown = set(table) - SETTINGS
    if unknown:
        raise InputError(where, 1, f"unknown [profile] setting(s): {', '.join(sorted(unknown))} "
                                   f"(known: {', '.join(sorted(SETTINGS))})")
    name = table.get("name", "production")
    if name not in BUILTIN:
        raise InputError(where, 1, f"[profile] name must be one of {', '.join(BUILTIN)}, not {name!r}")
    profile: dict[str, Any] = {**DEFAULTS, **SWITCHES, "name": name,
                               "requirements": bool(table.get("requirements", True)) and name != "none"}
    for key in DEFAULTS:
        if key in table:
            if not isinstance(table[key], int) or isinstance(table[key], bool):
                raise InputError(where, 1, f"[profile] {key} must be a whole number")
            profile[key] = table[key]
    for key in SWITCHES:
        if key in table:
            if not isinstance(table[key], bool):
                raise InputError(where, 1, f"[profile] {key} must be true or false")
            profile[key] = table[key]
    if "rules" in table:
        from stackcheck.rules import all_rules

        requirement_ids = {r.id for r in all_rules() if r.category == "requirement"}
        wanted = {str(x).upper() for x in table["rules"]}
        wrong = wanted - requirement_ids
        if wrong:
            raise InputError(where, 1, f"[profile] rules must be requirement rules; not: {', '.join(sorted(wrong))} "
                                       "(see `stackcheck rules`)")
        profile["rules"] = wanted
    return profile


def runs(rule_id: str, profile: dict[str, Any]) -> bool:
    """Whether a requirement rule is part of the profile."""
    if not profile.get("requirements", True):
        return False
    chosen = profile.get("rules")
    return chosen is None or rule_id in chosen
