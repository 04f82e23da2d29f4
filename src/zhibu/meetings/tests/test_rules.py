"""The rules engine: every default rule met and missed at its boundary, in Beijing time."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.core.audit import history_for
from zhibu.meetings import rules as engine
from zhibu.meetings.models import Attendance, Meeting, MeetingKind, Rule
from zhibu.meetings.rules import MET, MISSING, OPEN, Period
from zhibu.orgs.factories import MemberFactory, OrgFactory
from zhibu.orgs.models import Member, Org, Position

BJ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2025, 11, 15, 12, 0, tzinfo=BJ)  # November open, December not started
LONG_AGO = dt.date(2020, 1, 1)
YEAR_2025 = Period.year(2025)


def bj(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BJ)


def meeting(org, kind, at, present=(), leave=(), **fields) -> Meeting:
    """A record straight through the ORM (the meeting services are another module's)."""
    m = Meeting.objects.create(org=org, org_path=org.path, kind=kind, title=fields.pop("title", kind), starts_at=at,
                               ends_at=at + dt.timedelta(hours=1), **fields)
    for member in present:
        Attendance.objects.create(meeting=m, member=member, status=Attendance.Status.PRESENT)
    for member in leave:
        Attendance.objects.create(meeting=m, member=member, status=Attendance.Status.LEAVE, reason="出差")
    return m


def committee(org, members, since=LONG_AGO):
    kinds = [Position.Kind.SECRETARY] + [Position.Kind.COMMITTEE_MEMBER] * (len(members) - 1)
    Position.objects.filter(org=org).delete()
    return [Position.objects.create(member=m, org=org, kind=k, started_on=since) for m, k in zip(members, kinds, strict=True)]


def members(org, n, status=Member.Status.FULL, **kw):
    extra = {} if status == Member.Status.FULL else {"full_on": None}
    return [MemberFactory(org=org, name=f"党员{i}", status=status, **extra, **kw) for i in range(n)]


def rule(code) -> Rule:
    return Rule.objects.get(code=code)


def check(org, code, period=YEAR_2025, now=NOW, **kw):
    report = engine.compliance_compute(branches=[Org.objects.get(pk=org.pk)], period=period, rules=[rule(code)],
                                       now=now, **kw)
    return report.branches[0].results.get(code)


def by_key(result):
    return {s.slot.key: s for s in result.slots}


@pytest.fixture
def board(cast):
    """The faculty branch with a committee of four (secretary and three members) since 2020."""
    people = [cast.sec_member] + members(cast.branch, 3)
    committee(cast.branch, people)
    cast.board = people
    return cast


# --- the rules themselves ------------------------------------------------------------------------


def test_the_defaults_are_loaded_with_stable_codes_and_citations(db):
    codes = set(Rule.objects.values_list("code", flat=True))
    assert {"general_meeting", "committee_meeting", "group_meeting", "party_lecture", "theme_day", "org_life_meeting",
            "appraisal", "talks", "committee_required", "committee_term", "branch_size"} <= codes
    for r in Rule.objects.all():
        assert "《中国共产党支部工作条例（试行）》" in r.citation
        assert r.applies_to_kinds == ["branch"]
        engine.rule_validate(r)
    cm = rule("committee_meeting")
    assert cm.attendance_threshold == Decimal("0.5") and cm.attendance_base == "committee"
    assert rule("party_lecture").period == Rule.Period.QUARTER


# --- 三会一课 at their boundaries ---------------------------------------------------------------


def test_committee_meeting_at_2330_on_the_last_day_counts_for_that_month(board):
    meeting(board.branch, MeetingKind.COMMITTEE_MEETING, bj(2025, 3, 31, 23, 30), present=board.board)
    slots = by_key(check(board.branch, "committee_meeting"))
    assert slots["2025-03"].status == MET and slots["2025-03"].done == 1
    assert slots["2025-04"].done == 0


def test_committee_meeting_at_0010_on_the_first_counts_for_the_next_month(board):
    # 00:10 on 1 April in Beijing is still 31 March in UTC: the month is Beijing's.
    meeting(board.branch, MeetingKind.COMMITTEE_MEETING, bj(2025, 4, 1, 0, 10), present=board.board)
    slots = by_key(check(board.branch, "committee_meeting"))
    assert slots["2025-03"].status == MISSING and slots["2025-03"].done == 0
    assert slots["2025-04"].status == MET


def test_committee_meeting_needs_more_than_half_of_the_committee(board):
    two, three = board.board[:2], board.board[:3]
    meeting(board.branch, MeetingKind.COMMITTEE_MEETING, bj(2025, 5, 10, 15), present=two, leave=board.board[2:])
    meeting(board.branch, MeetingKind.COMMITTEE_MEETING, bj(2025, 6, 10, 15), present=three)
    slots = by_key(check(board.branch, "committee_meeting"))
    assert (slots["2025-05"].status, slots["2025-05"].held, slots["2025-05"].done) == (MISSING, 1, 0)  # 2 of 4
    assert (slots["2025-06"].status, slots["2025-06"].done) == (MET, 1)  # 3 of 4


def test_attendance_counts_the_committee_of_the_meeting_day(board):
    a, b, c, d = board.board
    e = members(board.branch, 1)[0]
    Position.objects.create(member=e, org=board.branch, kind=Position.Kind.COMMITTEE_MEMBER,
                            started_on=dt.date(2025, 9, 1))
    Position.objects.filter(member=d).update(ended_on=dt.date(2025, 8, 31))
    # In July the committee is a, b, c, d: e (not yet on it) does not make a quorum with a and b.
    meeting(board.branch, MeetingKind.COMMITTEE_MEETING, bj(2025, 7, 3, 9), present=[a, b, e])
    # In October it is a, b, c, e.
    meeting(board.branch, MeetingKind.COMMITTEE_MEETING, bj(2025, 10, 3, 9), present=[a, b, e])
    slots = by_key(check(board.branch, "committee_meeting"))
    assert (slots["2025-07"].status, slots["2025-07"].held) == (MISSING, 1)
    assert slots["2025-10"].status == MET


def test_the_committee_meeting_rule_binds_only_branches_with_a_committee(cast):
    assert check(cast.branch, "committee_meeting") is None  # a secretary alone is not a committee


def test_general_meeting_quarterly_boundary_and_open_current_quarter(cast):
    meeting(cast.branch, MeetingKind.GENERAL_MEETING, bj(2025, 3, 31, 23, 59))
    meeting(cast.branch, MeetingKind.GENERAL_MEETING, bj(2025, 7, 1, 0, 0))
    result = check(cast.branch, "general_meeting")
    slots = by_key(result)
    assert [s.slot.key for s in result.slots] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert slots["2025-Q1"].status == MET
    assert slots["2025-Q2"].status == MISSING
    assert slots["2025-Q3"].status == MET
    assert slots["2025-Q4"].status == OPEN  # 15 November: the quarter is still running
    assert result.status == MISSING and (result.required, result.done) == (4, 2)


def test_current_month_is_open_and_future_months_are_not_counted(cast):
    for month in range(1, 11):
        meeting(cast.branch, MeetingKind.THEME_DAY, bj(2025, month, 5, 14))
    result = check(cast.branch, "theme_day")
    assert [s.slot.key for s in result.slots][-1] == "2025-11"  # December has not started
    assert by_key(result)["2025-11"].status == OPEN
    assert result.status == OPEN
    meeting(cast.branch, MeetingKind.THEME_DAY, bj(2025, 11, 3, 14))
    assert check(cast.branch, "theme_day").status == MET


def test_a_meeting_scheduled_after_now_is_not_done_yet(cast):
    meeting(cast.branch, MeetingKind.THEME_DAY, bj(2025, 11, 20, 14))
    assert by_key(check(cast.branch, "theme_day"))["2025-11"].done == 0


def test_deleted_meetings_do_not_count(cast):
    m = meeting(cast.branch, MeetingKind.ORG_LIFE_MEETING, bj(2024, 12, 20, 14))
    assert check(cast.branch, "org_life_meeting", Period.year(2024)).status == MET
    Meeting.all_objects.filter(pk=m.pk).update(deleted_at=NOW)
    assert check(cast.branch, "org_life_meeting", Period.year(2024)).status == MISSING


def test_yearly_rules_met_and_missed(cast):
    meeting(cast.branch, MeetingKind.APPRAISAL, bj(2024, 12, 31, 23, 30))
    assert check(cast.branch, "appraisal", Period.year(2024)).status == MET
    assert check(cast.branch, "org_life_meeting", Period.year(2024)).status == MISSING
    assert check(cast.branch, "org_life_meeting", Period.year(2025)).status == OPEN


def test_party_lecture_period_is_configurable(cast):
    meeting(cast.branch, MeetingKind.PARTY_LECTURE, bj(2024, 2, 1, 14))
    meeting(cast.branch, MeetingKind.PARTY_LECTURE, bj(2024, 9, 1, 14))
    assert check(cast.branch, "party_lecture", Period.year(2024)).status == MISSING  # Q2, Q4 without
    Rule.objects.filter(code="party_lecture").update(period=Rule.Period.HALF_YEAR)
    result = check(cast.branch, "party_lecture", Period.year(2024))
    assert result.status == MET and [s.slot.key for s in result.slots] == ["2024-H1", "2024-H2"]


def test_a_co_hosted_lecture_counts_for_the_co_host(cast):
    m = meeting(cast.sibling, MeetingKind.PARTY_LECTURE, bj(2024, 5, 1, 14))
    m.co_hosts.add(cast.branch)
    assert by_key(check(cast.branch, "party_lecture", Period.year(2024)))["2024-Q2"].status == MET
    assert by_key(check(cast.sibling, "party_lecture", Period.year(2024)))["2024-Q2"].status == MET
    # the general meeting is the branch's own: co-hosting one does not count
    m2 = meeting(cast.sibling, MeetingKind.GENERAL_MEETING, bj(2024, 5, 2, 14))
    m2.co_hosts.add(cast.branch)
    assert by_key(check(cast.branch, "general_meeting", Period.year(2024)))["2024-Q2"].status == MISSING


# --- groups ------------------------------------------------------------------------------------------


def test_group_meetings_are_counted_per_group(cast):
    second = OrgFactory(parent=cast.branch, kind=Org.Kind.GROUP, name="第二党小组")
    meeting(cast.group, MeetingKind.GROUP_MEETING, bj(2025, 1, 31, 23, 30))
    meeting(cast.group, MeetingKind.GROUP_MEETING, bj(2025, 2, 10, 14))
    meeting(second, MeetingKind.GROUP_MEETING, bj(2025, 2, 11, 14))
    # a "group meeting" recorded on the branch is no group's
    meeting(cast.branch, MeetingKind.GROUP_MEETING, bj(2025, 1, 20, 14))
    slots = by_key(check(cast.branch, "group_meeting"))
    assert (slots["2025-01"].status, slots["2025-01"].required, slots["2025-01"].done) == (MISSING, 2, 1)
    assert (slots["2025-02"].status, slots["2025-02"].done) == (MET, 2)
    assert check(cast.sibling, "group_meeting") is None  # no groups: the rule does not bind it


# --- talks -------------------------------------------------------------------------------------------


def test_talk_coverage_counts_committee_member_pairs(cast):
    deputy, a, b = members(cast.branch, 3)
    committee(cast.branch, [cast.sec_member, deputy])
    # party members: secretary, deputy, 周敏, a, b = 5; committee 2 → 2·3 + 1 = 7 pairs
    assert engine.talk_pairs_required(2, 5) == 7
    meeting(cast.branch, MeetingKind.TALK, bj(2025, 3, 1, 10), present=[cast.sec_member, cast.plain_member])
    meeting(cast.branch, MeetingKind.TALK, bj(2025, 3, 2, 10), present=[deputy, cast.sec_member])
    meeting(cast.branch, MeetingKind.TALK, bj(2025, 3, 3, 10), present=[cast.sec_member, deputy])  # same pair
    meeting(cast.branch, MeetingKind.TALK, bj(2025, 3, 4, 10), present=[a, b])  # no committee member
    meeting(cast.branch, MeetingKind.TALK, bj(2025, 3, 5, 10), present=[a], leave=[deputy])  # on leave
    result = check(cast.branch, "talks")
    assert (result.required, result.done, result.status) == (7, 2, OPEN)
    assert "2/7" in result.note
    missing = engine.talk_pairs_missing(org=cast.branch, rule=rule("talks"), slot=result.slots[0].slot, now=NOW)
    assert len(missing) == 5
    assert {frozenset((x.pk, y.pk)) for x, y in missing} == {
        frozenset(p) for p in [(cast.sec_member.pk, a.pk), (cast.sec_member.pk, b.pk), (deputy.pk, cast.plain_member.pk),
                               (deputy.pk, a.pk), (deputy.pk, b.pk)]
    }
    assert check(cast.branch, "talks", Period.year(2024)).status == MISSING


def test_talk_coverage_complete_is_met(cast):
    deputy = members(cast.branch, 1)[0]
    committee(cast.branch, [cast.sec_member, deputy])
    meeting(cast.branch, MeetingKind.TALK, bj(2024, 6, 1, 10), present=[cast.sec_member, deputy, cast.plain_member])
    result = check(cast.branch, "talks", Period.year(2024))
    assert (result.required, result.done, result.status) == (3, 3, MET)


# --- the state of the committee and the branch -----------------------------------------------------


def test_committee_required_from_seven_full_members(cast):
    # 陈立华 and 周敏 are full members; five more make seven
    extra = members(cast.branch, 4) + members(cast.branch, 3, status=Member.Status.PROBATIONARY)
    assert check(cast.branch, "committee_required") is None  # 6 full members
    extra.append(members(cast.branch, 1)[0])
    result = check(cast.branch, "committee_required")  # 7 full, a secretary alone
    assert result.status == MISSING and "应设立支部委员会" in result.note
    committee(cast.branch, [cast.sec_member, extra[0], extra[1]])
    assert check(cast.branch, "committee_required").status == MET
    committee(cast.branch, [cast.sec_member] + extra[:7])
    result = check(cast.branch, "committee_required")
    assert result.status == MISSING and "超过7人" in result.note and result.done == 8


def test_committee_term_warns_90_days_before_and_is_missing_when_expired(cast):
    today = NOW.date()
    for days, status in [(91, MET), (90, OPEN), (0, OPEN), (-1, MISSING)]:
        Org.objects.filter(pk=cast.branch.pk).update(term_start=dt.date(2020, 1, 1),
                                                     term_end=today + dt.timedelta(days=days))
        result = check(cast.branch, "committee_term")
        assert result.status == status, days
    assert "届满" in result.note


def test_committee_term_without_dates(cast):
    assert check(cast.branch, "committee_term") is None  # no committee, no term recorded
    committee(cast.branch, [cast.sec_member] + members(cast.branch, 2))
    assert check(cast.branch, "committee_term").note == "未登记本届委员会任期"
    Org.objects.filter(pk=cast.branch.pk).update(term_start=dt.date(2023, 1, 10))
    result = check(cast.branch, "committee_term")  # three years from the start: 2026-01-10
    assert result.status == OPEN and "2026年1月10日" in result.note


def test_branch_above_fifty_members_should_be_split(cast):
    members(cast.branch, 47)  # with 陈立华 and 周敏: 49
    members(cast.branch, 2, status=Member.Status.ACTIVIST)  # not party members
    members(cast.branch, 1, status=Member.Status.PROBATIONARY)
    assert check(cast.branch, "branch_size").status == MET  # 50
    members(cast.branch, 1, status=Member.Status.PROBATIONARY)
    result = check(cast.branch, "branch_size")  # 51
    assert result.status == MISSING and "建议拆分支部" in result.note
    assert (result.required, result.done) == (50, 51)  # the limit and the measured size


# --- dates ---------------------------------------------------------------------------------------


def test_a_rule_not_yet_in_force_is_not_required(cast):
    Rule.objects.filter(code="theme_day").update(effective_from=dt.date(2025, 7, 15))
    result = check(cast.branch, "theme_day")
    assert [s.slot.key for s in result.slots][0] == "2025-07"  # in force when July closes
    Rule.objects.filter(code="theme_day").update(effective_from=dt.date(2026, 1, 1))
    assert check(cast.branch, "theme_day") is None
    Rule.objects.filter(code="theme_day").update(effective_from=None, effective_to=dt.date(2025, 3, 31))
    assert [s.slot.key for s in check(cast.branch, "theme_day").slots] == ["2025-01", "2025-02", "2025-03"]
    Rule.objects.filter(code="theme_day").update(effective_to=None, enabled=False)
    assert check(cast.branch, "theme_day") is None


def test_a_branch_established_mid_year_owes_nothing_before(cast):
    Org.objects.filter(pk=cast.branch.pk).update(established_on=dt.date(2025, 9, 10))
    assert [s.slot.key for s in check(cast.branch, "theme_day").slots] == ["2025-09", "2025-10", "2025-11"]


def test_month_ranges_count_whole_quarters(cast):
    meeting(cast.branch, MeetingKind.GENERAL_MEETING, bj(2025, 1, 5, 10))
    result = check(cast.branch, "general_meeting", Period.between(dt.date(2025, 3, 1), dt.date(2025, 4, 1)))
    assert [(s.slot.key, s.status) for s in result.slots] == [("2025-Q1", MET), ("2025-Q2", MISSING)]


def test_categories_limit_a_rule(cast):
    Rule.objects.filter(code="theme_day").update(applies_to_categories=["student"])
    assert check(cast.branch, "theme_day") is None
    assert check(cast.sibling, "theme_day") is not None


# --- editing rules -----------------------------------------------------------------------------------


def test_admins_edit_rules_with_history(cast):
    lecture = rule("party_lecture")
    engine.rule_update(by=cast.admin, rule=lecture, period=Rule.Period.MONTH, min_count=2)
    entry = history_for(lecture).first()
    assert entry.actor == cast.admin and entry.changes["period"] == ["quarter", "month"]
    with pytest.raises(PermissionDenied):
        engine.rule_update(by=cast.organiser, rule=lecture, min_count=1)
    with pytest.raises(ValidationError) as exc:
        engine.rule_update(by=cast.admin, rule=lecture, code="other")
    assert "code" in exc.value.message_dict


@pytest.mark.parametrize("fields, key", [
    ({"attendance_threshold": Decimal("1.5"), "attendance_base": "committee"}, "attendance_threshold"),
    ({"attendance_threshold": Decimal("0.5"), "attendance_base": ""}, "attendance_base"),
    ({"effective_from": dt.date(2025, 5, 1), "effective_to": dt.date(2025, 4, 1)}, "effective_to"),
    ({"applies_to_kinds": []}, "applies_to_kinds"),
    ({"applies_to_kinds": ["planet"]}, "applies_to_kinds"),
    ({"parameters": {"per_grup": True}}, "parameters"),
    ({"parameters": {"per_group": 1}}, "parameters"),
    ({"period": ""}, "period"),
])
def test_bad_rules_are_refused_with_the_field_named(cast, fields, key):
    with pytest.raises(ValidationError) as exc:
        engine.rule_update(by=cast.admin, rule=rule("theme_day"), **fields)
    assert key in exc.value.message_dict
    assert rule("theme_day").attendance_threshold is None


def test_admins_add_local_rules(cast):
    engine.rule_create(by=cast.admin, code="teacher_study", name="教工党支部每月开展1次理论学习",
                       check_type=Rule.Check.MEETING_COUNT, meeting_kind=MeetingKind.TEACHER_STUDY,
                       period=Rule.Period.MONTH, applies_to_kinds=["branch"], applies_to_categories=["faculty"])
    meeting(cast.branch, MeetingKind.TEACHER_STUDY, bj(2025, 1, 9, 10))
    assert by_key(check(cast.branch, "teacher_study"))["2025-01"].status == MET
    assert check(cast.sibling, "teacher_study") is None  # a student branch


# --- bounded queries ---------------------------------------------------------------------------------


def _grow(cast, branches: int, meetings_per_branch: int):
    for i in range(branches):
        b = OrgFactory(parent=cast.other_school, name=f"新支部{i}", established_on=None)
        g = OrgFactory(parent=b, kind=Org.Kind.GROUP)
        people = members(b, 3)
        committee(b, people)
        Org.objects.filter(pk=b.pk).update(term_end=dt.date(2027, 1, 1))
        for j in range(meetings_per_branch):
            when = bj(2025, j % 11 + 1, 1 + j % 27, 10)
            kind = [MeetingKind.COMMITTEE_MEETING, MeetingKind.THEME_DAY, MeetingKind.TALK, MeetingKind.PARTY_LECTURE][j % 4]
            meeting(b, kind, when, present=people[: 1 + j % 3])
            meeting(g, MeetingKind.GROUP_MEETING, when)


def _queries(org):
    units = list(engine.compliance_units(org=org, rules=engine.rules_enabled()))
    with CaptureQueriesContext(connection) as ctx:
        report = engine.compliance_compute(branches=units, period=Period.year(2025), now=NOW, subtree=org.path)
    paged = units[:5]
    with CaptureQueriesContext(connection) as ctx2:
        engine.compliance_compute(branches=paged, period=Period.year(2025), now=NOW)
    return len(ctx.captured_queries), len(ctx2.captured_queries), report


def test_queries_do_not_grow_with_branches_or_meetings(cast):
    _grow(cast, 2, 5)
    small, small_page, small_report = _queries(cast.university)
    _grow(cast, 18, 15)
    large, large_page, large_report = _queries(cast.university)
    assert len(large_report.branches) == len(small_report.branches) + 18
    assert Meeting.objects.count() > 500
    assert small == large and small_page == large_page
    # rules, members, committee, groups; counts, co-hosted counts, group meetings, committee quorum, talk pairs
    assert large <= 9


def test_a_subtree_and_a_list_of_its_branches_give_the_same_results(cast, monkeypatch):
    """A report filters by path range, a page of the API by ids, a province's report hashes whole
    tables: the same answers every way."""
    deputy, a = members(cast.branch, 2)
    committee(cast.branch, [cast.sec_member, deputy, a])
    meeting(cast.branch, MeetingKind.TALK, bj(2025, 3, 1, 10), present=[cast.sec_member, cast.plain_member])
    meeting(cast.branch, MeetingKind.TALK, bj(2025, 3, 2, 10), present=[deputy, a, cast.plain_member])
    meeting(cast.branch, MeetingKind.COMMITTEE_MEETING, bj(2025, 3, 3, 10), present=[cast.sec_member, deputy])
    meeting(cast.group, MeetingKind.GROUP_MEETING, bj(2025, 3, 4, 10))
    meeting(cast.sibling, MeetingKind.PARTY_LECTURE, bj(2025, 3, 5, 10)).co_hosts.add(cast.branch)
    units = list(engine.compliance_units(org=cast.university, rules=engine.rules_enabled()))

    def flat(report):
        return {(b.org.code, code, s.slot.key, s.status, s.done) for b in report.branches
                for code, r in b.results.items() for s in r.slots}

    by_path = flat(engine.compliance_compute(branches=units, period=YEAR_2025, now=NOW, subtree=cast.university.path))
    by_ids = flat(engine.compliance_compute(branches=units, period=YEAR_2025, now=NOW))
    monkeypatch.setattr(engine, "LARGE_REPORT", 1)  # the queries for thousands of branches
    large = flat(engine.compliance_compute(branches=units, period=YEAR_2025, now=NOW, subtree=cast.university.path))
    assert by_path == by_ids == large
    assert ("U1-WL-JG", "talks", "2025", "open", 4) in by_ids  # 陈立华–周敏, 党员0–党员1, 党员0–周敏, 党员1–周敏
    assert ("U1-WL-JG", "party_lecture", "2025-Q1", "met", 1) in by_ids
    assert ("U1-WL-JG", "group_meeting", "2025-03", "met", 1) in by_ids


def test_an_attendance_threshold_over_the_members(cast):
    """A local rule: a general meeting counts when more than two thirds of the party members attend."""
    Rule.objects.filter(code="general_meeting").update(attendance_threshold=Decimal("0.667"),
                                                       attendance_base=Rule.AttendanceBase.MEMBERS)
    others = members(cast.branch, 4)  # 6 party members with 陈立华 and 周敏
    members(cast.branch, 2, status=Member.Status.ACTIVIST)  # not counted
    meeting(cast.branch, MeetingKind.GENERAL_MEETING, bj(2025, 2, 1, 10), present=[cast.sec_member] + others[:3])
    meeting(cast.branch, MeetingKind.GENERAL_MEETING, bj(2025, 5, 1, 10), present=[cast.sec_member] + others[:4])
    slots = by_key(check(cast.branch, "general_meeting"))
    assert (slots["2025-Q1"].status, slots["2025-Q1"].held) == (MISSING, 1)  # 4 of 6 = 0.6667 ≤ 0.667
    assert slots["2025-Q2"].status == MET  # 5 of 6
