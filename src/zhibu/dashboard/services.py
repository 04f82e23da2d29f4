"""Writes of the dashboard: only its stored chart results (derived data, recomputed at will; not audited)."""

from __future__ import annotations

import time

from zhibu.orgs.models import Org

from . import charts_people, charts_work, selectors, snapshots
from .board import Board
from .models import Snapshot

# The charts stored for a large scope, and what computes each.
STORED_CHARTS = {
    "members": charts_people.members_data,
    "compliance": charts_people.compliance_data,
    "strengths": charts_work.strengths_data,
    "deeds": charts_work.deeds_data,
    "careers": charts_work.careers_data,
    "extras": selectors.extra_tiles,
}


def snapshots_refresh(*, orgs: list[Org] | None = None, year: int) -> list[tuple[Org, float]]:
    """Compute and store the slow charts of `orgs` (default: every organisation with a stored result for the
    year) whatever the age of what is stored. Returns (org, seconds) for each."""
    if orgs is None:
        ids = Snapshot.objects.filter(year=year).values("org_id").distinct()
        orgs = list(Org.objects.filter(pk__in=ids).order_by("path"))
    done = []
    for org in orgs:
        started = time.perf_counter()
        board = Board(user=None, org=org, year=year)
        if board.branch_count > snapshots.SNAPSHOT_ABOVE_BRANCHES:
            for chart, compute in STORED_CHARTS.items():
                snapshots.compute_and_store(org=org, year=year, chart=chart, compute=lambda b=board, f=compute: f(b))
        done.append((org, time.perf_counter() - started))
    return done
