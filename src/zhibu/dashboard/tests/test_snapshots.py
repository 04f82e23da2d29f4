"""Stored results for large scopes: computed once, reused while fresh, recomputed when stale or by the
dashboard_refresh command; small scopes never store anything."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhibu.dashboard import snapshots
from zhibu.dashboard.models import Snapshot

from .conftest import YEAR

STORED = {"members", "compliance", "strengths", "deeds", "careers", "extras"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(monkeypatch):
    """Every scope with more than one branch counts as large."""
    monkeypatch.setattr(snapshots, "SNAPSHOT_ABOVE_BRANCHES", 1)


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"year": YEAR})
    assert response.status_code == 200
    return response.json(), len(ctx.captured_queries)


def test_small_scopes_store_nothing(dash, cast, login):
    login(cast.organiser).get("/api/dashboard/U1", {"year": YEAR})
    assert not Snapshot.objects.exists()


def test_a_large_scope_stores_the_slow_charts_and_reuses_them(dash, cast, login, large):
    client = login(cast.organiser)
    first, cold = _get(client, "/api/dashboard/U1")
    assert set(Snapshot.objects.values_list("chart", flat=True)) == STORED
    second, warm = _get(client, "/api/dashboard/U1")
    assert warm < cold
    for chart in STORED - {"extras"}:
        assert second["charts"][chart]["computed_at"]
        assert {k: v for k, v in second["charts"][chart].items() if k != "computed_at"} == \
               {k: v for k, v in first["charts"][chart].items() if k != "computed_at"}
    assert not Snapshot.objects.filter(org=cast.branch).exists()  # a branch is computed live
    assert second["kpis"] == first["kpis"]


def test_stale_results_are_computed_again(dash, cast, login, large):
    client = login(cast.organiser)
    client.get("/api/dashboard/U1", {"year": YEAR})
    old = timezone.now() - snapshots.max_age() - dt.timedelta(seconds=1)
    Snapshot.objects.update(computed_at=old)
    client.get("/api/dashboard/U1", {"year": YEAR})
    assert not Snapshot.objects.filter(computed_at=old).exists()


def test_the_refresh_command(dash, cast, login, large):
    login(cast.organiser).get("/api/dashboard/U1", {"year": YEAR})
    old = timezone.now() - dt.timedelta(days=1)
    Snapshot.objects.update(computed_at=old)
    out = StringIO()
    call_command("dashboard_refresh", year=YEAR, stdout=out)
    assert "U1" in out.getvalue() and not Snapshot.objects.filter(computed_at=old).exists()
    call_command("dashboard_refresh", org=["U1-WL"], year=YEAR, stdout=StringIO())
    assert Snapshot.objects.filter(org=cast.school).count() == len(STORED)
    with pytest.raises(Exception, match="NOPE"):
        call_command("dashboard_refresh", org=["NOPE"], stdout=StringIO())
