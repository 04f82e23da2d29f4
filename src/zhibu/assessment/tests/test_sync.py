"""Deeds from other apps' records (core.deedsources): created once, updated, withdrawn; counted as confirmed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from zhibu.assessment import points
from zhibu.assessment.models import Deed, DeedSyncRun
from zhibu.assessment.services_sync import deeds_sync, deeds_sync_year
from zhibu.core import deedsources
from zhibu.core.paths import subtree_q


@pytest.fixture
def fake_source(cast):
    """A source like gradmail's volunteer shifts, whose rows the test changes."""
    rows = [
        deedsources.DeedRow(source_id=1, member_id=cast.plain_member.pk, org_id=cast.branch.pk,
                            date=dt.date(2025, 6, 18), title="毕业寄：打包", hours=Decimal("4"), beneficiaries=20,
                            beneficiary_note="2025届毕业生", url="/gradmail/shifts/1/"),
        deedsources.DeedRow(source_id=2, member_id=cast.sec_member.pk, org_id=cast.branch.pk,
                            date=dt.date(2025, 6, 19), title="毕业寄：寄出", hours=Decimal("2")),
        deedsources.DeedRow(source_id=3, member_id=cast.sibling_member.pk, org_id=cast.sibling.pk,
                            date=dt.date(2025, 6, 19), title="毕业寄：别的支部", hours=Decimal("2")),
    ]

    def rows_for(*, under, start, end):
        return [r for r in rows if start <= r.date <= end
                and any(m.org_path.startswith(under) for m in [_member(r.member_id)])]

    def _member(pk):
        from zhibu.orgs.models import Member

        return Member.objects.get(pk=pk)

    saved = dict(deedsources._SOURCES)
    deedsources._SOURCES.clear()
    deedsources.register(deedsources.DeedSource(kind="test.shift", label="测试志愿服务", category="gradmail",
                                                rows=rows_for))
    yield rows
    deedsources._SOURCES.clear()
    deedsources._SOURCES.update(saved)


def test_sync_creates_confirmed_deeds_that_link_back(cast, fake_source):
    run = deeds_sync_year(by=cast.secretary, org=cast.branch, year=2025)
    assert (run.created, run.updated, run.removed) == (2, 0, 0)
    deed = Deed.objects.get(source_kind="test.shift", source_id=1)
    assert deed.is_confirmed and deed.confirmed_via == "record" and deed.source_url == "/gradmail/shifts/1/"
    assert deed.category == "gradmail" and deed.hours == 4 and deed.org == cast.branch
    assert points.member_points(member=cast.plain_member, year=2025).rules["deed_hour"].points == 2


def test_sync_is_idempotent_and_follows_its_records(cast, fake_source):
    deeds_sync_year(by=cast.secretary, org=cast.branch, year=2025)
    again = deeds_sync_year(by=cast.secretary, org=cast.branch, year=2025)
    assert (again.created, again.updated, again.removed, again.unchanged) == (0, 0, 0, 2)
    assert Deed.objects.filter(subtree_q("org_path", cast.branch.path)).count() == 2
    fake_source[0] = deedsources.DeedRow(**{**fake_source[0].__dict__, "hours": Decimal("6"), "title": "毕业寄：打包（加班）"})
    del fake_source[1]
    run = deeds_sync_year(by=cast.secretary, org=cast.branch, year=2025)
    assert (run.created, run.updated, run.removed) == (0, 1, 1)
    assert Deed.objects.get(source_id=1).hours == 6
    assert not Deed.objects.filter(source_id=2).exists() and Deed.all_objects.filter(source_id=2).exists()
    assert DeedSyncRun.objects.count() == 3


def test_sync_is_scoped(cast, fake_source):
    with pytest.raises(PermissionDenied):
        deeds_sync(by=cast.sibling_secretary, org=cast.branch, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    deeds_sync_year(by=cast.organiser, org=cast.university, year=2025)
    assert Deed.objects.count() == 3


def test_the_command_syncs_with_progress(cast, fake_source, capsys):
    call_command("assessment_points", "--org", "U1-WL", "--year", "2025")
    out, err = capsys.readouterr()
    assert "新增3条" in out or "新增2条" in out
    assert "同步实事" in err and "周敏" in out
    call_command("assessment_points", "--org", "U1-WL", "--year", "2025")
    assert "新增0条" in capsys.readouterr().out
