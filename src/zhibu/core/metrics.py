"""A registry of per-organisation counts that record apps offer to the assessment and the dashboard.

The branch score ("七个有力") and the dashboard read numbers from every record app (meetings, co-building,
careers, graduation mailing, publishing …). Those apps sit below or beside the scorer and must not import
it, and the scorer should not need to know each app's tables; so an app registers what it can count
here, in its `AppConfig.ready()`, and the scorer asks by code.

    from zhibu.core import metrics

    metrics.register(metrics.Metric(
        code="careers.graduates_placed", label="已落实去向的毕业生", unit="人",
        values=lambda *, under, start, end: {org_id: count, ...},
        records_url=lambda *, org, start, end: "/careers/…?org=CODE&from=…&to=…",
    ))

`values(under=PATH, start=DATE, end=DATE)` counts the records of the organisations in the subtree at the
materialised path `under` dated within [start, end] (both inclusive) and returns {owning org id: number}.
Records are keyed by the organisation that owns them (a group's records by the group); the caller rolls
them up the tree. Orgs without records are left out. It must aggregate in SQL in a bounded number of
queries, whatever the subtree's size. A rate is registered as two counts (numerator, denominator) so
that roll-ups stay right; the scorer divides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    unit: str
    values: Callable[..., dict[int, float]]
    # Where the records behind a number are listed; None when the app has no such page.
    records_url: Callable[..., str] | None = None


_METRICS: dict[str, Metric] = {}


def register(metric: Metric) -> None:
    """Add (or replace) one metric."""
    _METRICS[metric.code] = metric


def all_metrics() -> list[Metric]:
    return list(_METRICS.values())


def get(code: str) -> Metric | None:
    return _METRICS.get(code)


def values(code: str, *, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    """The metric's counts by owning org; empty when no app registered `code` (the app is not installed)."""
    metric = _METRICS.get(code)
    if metric is None:
        return {}
    return metric.values(under=under, start=start, end=end)
