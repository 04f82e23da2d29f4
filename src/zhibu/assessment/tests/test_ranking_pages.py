"""The ranking computed a page at a time is the full ranking, cut: same rows, ranks and totals on every page,
including pages that split a branch, in a number of queries that does not grow with the subtree."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.assessment import points
from zhibu.assessment.factories import make_deed, make_voters
from zhibu.meetings.factories import at, make_meeting
from zhibu.meetings.models import Attendance, MeetingKind
from zhibu.orgs.factories import OrgFactory
from zhibu.orgs.models import Org

from .conftest import YEAR


def _branches(cast, count: int, members: int) -> list[Org]:
    """`count` more branches under the school, each with `members` voters, some of them with deeds and absences
    so that totals and ranks differ inside a branch."""
    made = []
    for i in range(count):
        branch = OrgFactory(parent=cast.school, kind=Org.Kind.BRANCH, name=f"第{i + 1}测试支部")
        people = make_voters(branch=branch, count=members)
        for j, m in enumerate(people[: members // 2]):
            make_deed(member=m, hours=str(j + 1), confirm_by=cast.organiser, date=dt.date(YEAR, 5, 1))
        make_meeting(org=branch, kind=MeetingKind.GENERAL_MEETING, starts_at=at(f"{YEAR}-03-01"),
                     attendees=[(people[-1], Attendance.Status.ABSENT), *people[:-1]])
        made.append(branch)
    return made


def _key(row):
    return (row.member_id, row.org_id, row.total, row.rank, row.branch_size)


def test_every_page_is_the_full_ranking_cut(cast):
    _branches(cast, count=4, members=7)
    under = cast.university.path
    full = points.points_totals(under=under, year=YEAR)
    ranking = points.PointsRanking(under=under, year=YEAR)
    assert len(ranking) == len(full) > 28
    for size in (5, 7, 13, 50):
        paged = [row for start in range(0, len(full), size) for row in ranking[start : start + size]]
        assert [_key(r) for r in paged] == [_key(r) for r in full], size
    assert _key(ranking[-1]) == _key(full[-1])
    assert ranking[len(full) : len(full) + 10] == []


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_a_page_runs_the_same_queries_at_two_sizes(cast):
    _branches(cast, count=2, members=6)
    under = cast.university.path
    small = _queries(lambda: points.PointsRanking(under=under, year=YEAR)[0:10])
    _branches(cast, count=6, members=9)
    assert _queries(lambda: points.PointsRanking(under=under, year=YEAR)[20:30]) == small <= 7


def test_the_api_serves_a_page_of_the_full_ranking(cast, login):
    _branches(cast, count=3, members=8)
    full = points.points_totals(under=cast.university.path, year=YEAR)
    page2 = login(cast.organiser).get(f"/api/points/?org={cast.university.code}&year={YEAR}&page=2&page_size=10").json()
    assert page2["count"] == len(full)
    assert [(r["member_id"], r["rank"]) for r in page2["items"]] == [(r.member_id, r.rank) for r in full[10:20]]
