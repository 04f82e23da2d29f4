"""Stored chart data for large scopes: a university's compliance heatmap runs the rules engine over hundreds
of branches and a year of meetings (seconds, not milliseconds), so above SNAPSHOT_ABOVE_BRANCHES branches
such a chart is read from its last result while that is fresh, and computed and stored otherwise.
`zhibu manage dashboard_refresh`, run every few minutes from cron, keeps the stored results fresh so that
no visitor waits for them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Snapshot

SNAPSHOT_ABOVE_BRANCHES = 20
DEFAULT_MAX_AGE = 900  # seconds


def max_age() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "ZHIBU_DASHBOARD_SNAPSHOT_SECONDS", DEFAULT_MAX_AGE)))


def snapshot_store(*, org, year: int, chart: str, data: dict, seconds: float) -> Snapshot:
    """Save (or replace) the stored result of one chart."""
    values = {"org_path": org.path, "data": data, "computed_at": timezone.now(), "seconds": round(seconds, 3)}
    try:
        with transaction.atomic():
            snap, _ = Snapshot.objects.update_or_create(org=org, year=year, chart=chart, defaults=values)
    except IntegrityError:  # two requests computed it at once: the other one's result is as good
        snap = Snapshot.objects.get(org=org, year=year, chart=chart)
    return snap


def compute_and_store(*, org, year: int, chart: str, compute: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    data = compute()
    snap = snapshot_store(org=org, year=year, chart=chart, data=data, seconds=time.perf_counter() - started)
    return _with_time(data, snap)


def cached(*, board, chart: str, compute: Callable[[], dict]) -> dict:
    """The chart's data: computed now for a small scope; for a large one, stored and reused while fresh."""
    if board.branch_count <= SNAPSHOT_ABOVE_BRANCHES:
        return compute()
    stored = board.once("snapshots", lambda: {
        s.chart: s for s in Snapshot.objects.filter(org=board.org, year=board.year)})  # one query for all charts
    snap = stored.get(chart)
    if snap is not None and timezone.now() - snap.computed_at < max_age():
        return _with_time(snap.data, snap)
    return compute_and_store(org=board.org, year=board.year, chart=chart, compute=compute)


def _with_time(data: dict, snap: Snapshot) -> dict:
    return {**data, "computed_at": timezone.localtime(snap.computed_at).isoformat(timespec="seconds")}
