"""Points on a hand-computed member: every rule, the caps, the deduction; the ledger explains each point."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.assessment import points, services
from zhibu.assessment.factories import make_deed, make_voters
from zhibu.assessment.models import PointRule
from zhibu.cobuild.factories import make_partnership
from zhibu.cobuild.models import Outcome, Partnership
from zhibu.cobuild.services import outcome_record
from zhibu.meetings.factories import at, make_meeting
from zhibu.meetings.models import Attendance, MeetingKind

from .conftest import YEAR

K = MeetingKind


def _records(cast):
    """周敏 (plain_member) in 2025, by hand:
        base                              60
        支部党员大会 present ×7  2 each → 14, cap 12      12
        支委会 present ×1        1                        1
        党小组会 present ×2      1 each                   2
        党课 present ×1          2                        2
        党课 absent ×1 (no leave) −3                     −3
        党课 on leave ×1         0                        0
        deeds confirmed 10 h + 35 h = 45 h × 0.5 = 22.5, cap 20;  a pending 5 h deed: 0     20
        co-building outcome registered ×1   2             2
        badge pledge                        2             2
                                                   total 98
    陈立华 (the secretary): base 60, absent from 6 general meetings: −18, cap 15 → 45.
    A deed of 2024 and a meeting of 2026 do not count in 2025.
    """
    m, sec = cast.plain_member, cast.sec_member
    for i in range(7):
        make_meeting(org=cast.branch, kind=K.GENERAL_MEETING, title=f"党员大会{i + 1}", starts_at=at(f"2025-0{i + 1}-10"),
                     attendees=[m, (sec, Attendance.Status.ABSENT)] if i < 6 else [m, sec])
    make_meeting(org=cast.branch, kind=K.COMMITTEE_MEETING, title="支委会", starts_at=at("2025-02-11"),
                 attendees=[m, sec])
    for day in ("2025-03-12", "2025-04-12"):
        make_meeting(org=cast.group, kind=K.GROUP_MEETING, title="党小组会", starts_at=at(day), attendees=[m])
    make_meeting(org=cast.branch, kind=K.PARTY_LECTURE, title="专题党课", starts_at=at("2025-05-20"), attendees=[m, sec])
    make_meeting(org=cast.branch, kind=K.PARTY_LECTURE, title="缺席的党课", starts_at=at("2025-06-20"),
                 attendees=[(m, Attendance.Status.ABSENT), sec])
    make_meeting(org=cast.branch, kind=K.PARTY_LECTURE, title="请假的党课", starts_at=at("2025-07-20"),
                 attendees=[(m, Attendance.Status.LEAVE, "出差"), sec])
    make_meeting(org=cast.branch, kind=K.GENERAL_MEETING, title="明年的大会", starts_at=at("2026-01-10"), attendees=[m])
    make_deed(member=m, date=dt.date(2025, 6, 20), hours="10", confirm_by=cast.secretary)
    make_deed(member=m, date=dt.date(2025, 9, 1), hours="35", title="就业帮扶", category="employment",
              confirm_by=cast.secretary)
    make_deed(member=m, date=dt.date(2025, 10, 1), hours="5", title="待确认的实事")
    make_deed(member=m, date=dt.date(2024, 6, 20), hours="8", title="去年的实事", confirm_by=cast.secretary)
    p = make_partnership(org=cast.branch, kind=Partnership.Kind.FACULTY_STUDENT, partner_org=cast.sibling,
                         starts_on=dt.date(2024, 3, 1))
    o = outcome_record(by=None, partnership=p, kind=Outcome.Kind.TRAINING, title="联学", occurred_on=dt.date(2025, 4, 1))
    Outcome.objects.filter(pk=o.pk).update(created_by=cast.member_user)  # registered by 周敏
    services.badge_pledge(by=cast.member_user, member=m, year=YEAR)


def test_points_of_a_hand_computed_member(cast):
    _records(cast)
    rows = {r.member_id: r for r in points.points_totals(under=cast.branch.path, year=YEAR)}
    mine = rows[cast.plain_member.pk]
    assert mine.total == Decimal("98")
    by = {k: t.points for k, t in mine.rules.items()}
    assert by == {"base": 60, "general_meeting": 12, "committee_meeting": 1, "group_meeting": 2, "party_lecture": 2,
                  "absence": -3, "deed_hour": 20, "cobuild_outcome": 2, "badge_pledge": 2}
    assert mine.rules["general_meeting"].capped and mine.rules["general_meeting"].raw == 14
    assert mine.rules["deed_hour"].raw == Decimal("22.5") and mine.rules["deed_hour"].capped
    sec = rows[cast.sec_member.pk]
    assert sec.rules["absence"].raw == -18 and sec.rules["absence"].points == -15
    assert sec.total == 60 + 2 + 1 + 3 * 2 - 15  # the 7th meeting, the committee meeting, three lectures
    assert (mine.rank, sec.rank, mine.branch_size) == (1, 2, 2)


def test_the_ledger_explains_every_point_and_adds_up(cast):
    _records(cast)
    ledger = points.points_ledger(member=cast.plain_member, year=YEAR)
    assert ledger.total == Decimal("98")
    assert sum(line.points for line in ledger.lines) == ledger.total
    general = [ln for ln in ledger.lines if ln.kind == "general_meeting"]
    assert [ln.points for ln in general] == [2] * 6 + [0] and general[-1].capped and not general[0].capped
    deeds = [ln for ln in ledger.lines if ln.kind == "deed_hour"]
    assert [(ln.points, ln.capped) for ln in deeds] == [(5, False), (15, True), (0, False)]
    assert "尚未确认" in deeds[-1].note and "年度上限20分" in deeds[1].note
    leave = [ln for ln in ledger.lines if ln.kind == "leave"]
    assert leave and leave[0].points == 0 and "请假" in leave[0].note
    absent = [ln for ln in ledger.lines if ln.kind == "absence"]
    assert absent[0].points == -3 and absent[0].rule_code == "absence"
    assert all(ln.record for ln in ledger.lines)
    assert {t.kind: t.points for t in ledger.totals} == {
        k: t.points for k, t in points.member_points(member=cast.plain_member, year=YEAR).rules.items()}


def test_rules_are_data_and_apply_by_year(cast, admin_user):
    _records(cast)
    old = PointRule.objects.get(code="deed-hour")
    old.year_to = 2024
    services.point_rule_save(by=admin_user, rule=old)
    services.point_rule_save(by=admin_user, rule=PointRule(code="deed-hour-2025", kind="deed_hour", label="办实事",
                                                          points=Decimal("1"), cap=Decimal("30"), year_from=2025))
    mine = points.member_points(member=cast.plain_member, year=YEAR)
    assert mine.rules["deed_hour"].points == 30 and mine.total == Decimal("108")
    assert points.member_points(member=cast.plain_member, year=2024).rules["deed_hour"].points == 4
    from zhibu.core.audit import history_for

    assert history_for(old).first().changes["year_to"] == [None, 2024]


def test_a_rule_overlapping_another_of_its_kind_is_refused(db, admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.point_rule_save(by=admin_user, rule=PointRule(code="base-2", kind="base", label="基础分2",
                                                               points=Decimal(50), year_from=2025))
    assert "同一年度每项只能有一条规则" in str(exc.value)
    with pytest.raises(ValidationError, match="扣分项"):
        services.point_rule_save(by=admin_user, rule=PointRule(code="absence-x", kind="absence", label="缺席",
                                                               points=Decimal(3), year_from=2030))


def _count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_points_run_a_fixed_number_of_queries(cast):
    _records(cast)
    under = cast.university.path
    small = _count_queries(lambda: points.points_totals(under=under, year=YEAR))
    more = make_voters(branch=cast.other_branch, count=12)
    for m in more[:6]:
        make_deed(member=m, hours="3", confirm_by=cast.organiser)
        make_meeting(org=cast.other_branch, kind=K.GENERAL_MEETING, starts_at=at("2025-03-01"), attendees=more)
    assert _count_queries(lambda: points.points_totals(under=under, year=YEAR)) == small <= 6
    ledger_small = _count_queries(lambda: points.points_ledger(member=more[0], year=YEAR))
    make_deed(member=more[0], hours="1", confirm_by=cast.organiser, date=dt.date(2025, 7, 1))
    assert _count_queries(lambda: points.points_ledger(member=more[0], year=YEAR)) == ledger_small <= 6


def test_an_empty_rules_table_falls_back_on_the_defaults(cast):
    PointRule.objects.all().delete()
    assert points.member_points(member=cast.plain_member, year=YEAR).total == 60


def test_the_admin_edits_rules_with_history(cast, login):
    from zhibu.core.audit import history_for

    rule = PointRule.objects.get(code="badge-pledge")
    client = login(cast.admin)
    url = f"/django-admin/assessment/pointrule/{rule.pk}/change/"
    data = {"code": rule.code, "kind": rule.kind, "label": rule.label, "points": "3", "cap": "3",
            "year_from": "2000", "year_to": "", "enabled": "on", "citation": ""}
    assert client.post(url, data).status_code == 302
    assert history_for(rule).first().changes["points"] == ["2.00", "3"]
    overlapping = client.post("/django-admin/assessment/pointrule/add/", {**data, "code": "badge-2"})
    assert overlapping.status_code == 200 and "同一年度每项只能有一条规则" in overlapping.content.decode()
    assert login(cast.secretary).get("/assessment/rules/").status_code == 200
