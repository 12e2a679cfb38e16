"""Every rule is documented with evidence, and docs/rules/ is current."""

from __future__ import annotations

import importlib.util

from stackcheck.rules import all_rules
from tests.conftest import ROOT


def test_every_rule_is_documented():
    for rule in all_rules():
        assert rule.finds and rule.why and rule.broken and rule.fixed and rule.evidence, rule.id
        assert rule.blocker == (rule.category in ("deploy-blocker", "runtime-failure")), rule.id


def test_rule_reference_is_current():
    spec = importlib.util.spec_from_file_location("generate_docs", ROOT / "tools" / "generate_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.render().items():
        path = ROOT / "docs" / "rules" / name
        assert path.exists() and path.read_text() == text, f"docs/rules/{name} is stale: run make docs"


def test_catalogue_is_current():
    spec = importlib.util.spec_from_file_location("generate_docs", ROOT / "tools" / "generate_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "catalogue.md").read_text() == module.render_catalogue(), \
        "docs/catalogue.md is stale: run make docs"
