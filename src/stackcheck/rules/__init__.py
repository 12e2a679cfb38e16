"""The rule registry. One module per failure class under rules/<area>/, each defining RULE."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from stackcheck.rules.base import Rule

AREAS = ("schema", "kms", "iam", "network", "loadbalancing", "apigateway", "ecs", "secrets", "datastores",
         "storage", "serverless", "observability", "edge", "requirements", "suppressions", "programs")


@cache
def all_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for area in AREAS:
        package = importlib.import_module(f"stackcheck.rules.{area}")
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"stackcheck.rules.{area}.{info.name}")
            rule = getattr(module, "RULE", None)
            if isinstance(rule, Rule):
                rules.append(rule)
    ids = [r.id for r in rules]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RuntimeError(f"duplicate rule ids: {sorted(dupes)}")
    return tuple(sorted(rules, key=lambda r: r.id))


def get_rule(key: str) -> Rule | None:
    key = key.strip()
    for rule in all_rules():
        if key.upper() == rule.id or key.lower() == rule.name:
            return rule
    return None
