"""Lambda managed runtimes that AWS has deprecated or scheduled for deprecation.

Source of every date: the AWS Lambda Developer Guide, "Lambda runtimes"
(https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), tables "Supported runtimes" and
"Deprecated runtimes", columns Deprecation date / Block function create / Block function update;
cross-checked with cfn-lint 1.51's AdditionalSpecs/LmbdRuntimeLifecycle.json (same AWS page). The runtime
identifiers are those of botocore's lambda model (shape Runtime). AWS sometimes extends the block dates;
update this table when the page changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Lifecycle:
    deprecated: dt.date
    create_block: dt.date
    update_block: dt.date
    successor: str


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# identifier: (deprecation, block create, block update, a supported successor)
_TABLE: dict[str, tuple[str, str, str, str]] = {
    "nodejs": ("2016-08-30", "2016-09-30", "2016-10-31", "nodejs22.x"),
    "nodejs4.3": ("2020-03-05", "2020-02-03", "2020-03-05", "nodejs22.x"),
    "nodejs4.3-edge": ("2020-03-05", "2019-03-31", "2019-04-30", "nodejs22.x"),
    "nodejs6.10": ("2019-08-12", "2019-07-12", "2019-08-12", "nodejs22.x"),
    "nodejs8.10": ("2020-03-06", "2020-02-04", "2020-03-06", "nodejs22.x"),
    "nodejs10.x": ("2021-07-30", "2021-07-30", "2022-02-14", "nodejs22.x"),
    "nodejs12.x": ("2023-03-31", "2023-03-31", "2023-04-30", "nodejs22.x"),
    "nodejs14.x": ("2023-12-04", "2024-01-09", "2026-07-01", "nodejs22.x"),
    "nodejs16.x": ("2024-06-12", "2026-06-01", "2026-07-01", "nodejs22.x"),
    "nodejs18.x": ("2025-09-01", "2026-06-01", "2026-07-01", "nodejs22.x"),
    "nodejs20.x": ("2026-04-30", "2026-06-01", "2026-07-01", "nodejs22.x"),
    "nodejs22.x": ("2027-04-30", "2027-06-01", "2027-07-01", "nodejs24.x"),
    "python2.7": ("2021-07-15", "2021-07-15", "2022-05-30", "python3.13"),
    "python3.6": ("2022-07-18", "2022-07-18", "2022-08-29", "python3.13"),
    "python3.7": ("2023-12-04", "2024-01-09", "2026-03-09", "python3.13"),
    "python3.8": ("2024-10-14", "2026-06-01", "2026-07-01", "python3.13"),
    "python3.9": ("2025-12-15", "2026-06-01", "2026-07-01", "python3.13"),
    "python3.10": ("2026-06-30", "2026-07-31", "2026-08-31", "python3.13"),
    "python3.11": ("2026-06-30", "2026-07-31", "2026-08-31", "python3.13"),
    "python3.12": ("2028-10-31", "2028-11-30", "2029-01-10", "python3.13"),
    "java8": ("2024-01-08", "2024-02-08", "2026-07-01", "java21"),
    "java8.al2": ("2026-06-30", "2026-07-31", "2026-08-31", "java21"),
    "java11": ("2026-06-30", "2026-07-31", "2026-08-31", "java21"),
    "java17": ("2026-06-30", "2026-07-31", "2026-08-31", "java21"),
    "dotnetcore1.0": ("2019-06-27", "2019-06-30", "2019-07-30", "dotnet8"),
    "dotnetcore2.0": ("2019-05-30", "2019-04-30", "2019-05-30", "dotnet8"),
    "dotnetcore2.1": ("2022-01-05", "2022-01-05", "2022-04-13", "dotnet8"),
    "dotnetcore3.1": ("2023-04-03", "2023-04-03", "2023-05-03", "dotnet8"),
    "dotnet6": ("2024-12-20", "2026-06-01", "2026-07-01", "dotnet8"),
    "dotnet8": ("2026-11-10", "2026-12-10", "2027-01-11", "dotnet10"),
    "ruby2.5": ("2021-07-30", "2021-07-30", "2022-03-31", "ruby3.4"),
    "ruby2.7": ("2023-12-07", "2024-01-09", "2026-07-01", "ruby3.4"),
    "ruby3.2": ("2026-03-31", "2026-06-01", "2026-07-01", "ruby3.4"),
    "go1.x": ("2024-01-08", "2024-02-08", "2026-07-01", "provided.al2023"),
    "provided": ("2024-01-08", "2024-02-08", "2026-07-01", "provided.al2023"),
    "provided.al2": ("2026-06-30", "2026-07-31", "2026-08-31", "provided.al2023"),
}

LIFECYCLE: dict[str, Lifecycle] = {
    name: Lifecycle(_d(dep), _d(create), _d(update), succ) for name, (dep, create, update, succ) in _TABLE.items()
}


def lifecycle(runtime: str) -> Lifecycle | None:
    """The deprecation schedule of a managed runtime; None for a runtime with no announced schedule."""
    return LIFECYCLE.get(runtime)


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()
