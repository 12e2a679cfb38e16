"""Message helpers shared by the policy-document rules."""

from __future__ import annotations

from stackcheck.model.values import Unknown
from stackcheck.rules.iam.documents import Site


def origin(site: Site) -> str:
    """Where the document comes from, for messages: the data source that renders it, if any."""
    if site.policy.from_data_source and isinstance(site.value, Unknown) and site.value.target:
        return f"{site.attr} ({site.value.target})"
    return site.attr
