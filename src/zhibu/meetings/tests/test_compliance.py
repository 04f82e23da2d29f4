"""The compliance report, its drill-down, export, API and the home page's reminders: scope, statuses,
bounded queries."""

import datetime as dt
import io
import json
import re
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhibu.core.audit import history_for
from zhibu.core.services import token_create
from zhibu.meetings.models import Attendance, Meeting, MeetingKind, Rule
from zhibu.meetings.warnings import warnings_for_user
from zhibu.orgs.factories import MemberFactory, OrgFactory
from zhibu.orgs.models import Member, Org, Position

BJ = ZoneInfo("Asia/Shanghai")
LONG_AGO = dt.date(2020, 1, 1)


def bj(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BJ)


def meeting(org, kind, at, present=()) -> Meeting:
    m = Meeting.objects.create(org=org, org_path=org.path, kind=kind, title=f"{org.name}{kind}", starts_at=at,
                               ends_at=at + dt.timedelta(hours=1))
    for member in present:
        Attendance.objects.create(meeting=m, member=member, status=Attendance.Status.PRESENT)
    return m


def set_committee(org, people):
    kinds = [Position.Kind.SECRETARY] + [Position.Kind.COMMITTEE_MEMBER] * (len(people) - 1)
    Position.objects.filter(org=org).delete()
    for m, k in zip(people, kinds, strict=True):
        Position.objects.create(member=m, org=org, kind=k, started_on=LONG_AGO)


@pytest.fixture
def board(cast):
    people = [cast.sec_member] + [MemberFactory(org=cast.branch, name=f"支委{i}") for i in range(2)]
    set_committee(cast.branch, people)
    cast.board = people
    return cast


@pytest.fixture
def api(client):
    def _get(user, url, **params):
        headers = {}
        if user is not None:
            _, key = token_create(user=user, name="test")
            headers["Authorization"] = f"Bearer {key}"
        return client.get(url, params, headers=headers)

    return _get


def report_url(org, **params):
    url = reverse("compliance:report", args=[org.code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


# --- the report page ---------------------------------------------------------------------------------


def test_report_shows_summary_heatmap_and_branches(board, login):
    for month in range(1, 13):
        meeting(board.branch, MeetingKind.COMMITTEE_MEETING, bj(2025, month, 28, 15), present=board.board)
    response = login(board.organiser).get(report_url(board.school, year=2025))
    assert response.status_code == 200
    body = response.content.decode()
    assert "物流学院党委" in body or "中共示例大学物流学院委员会" in body
    assert "支部委员会会议每月至少召开1次" in body and "第十二条" in body
    assert "物流管理专业教工党支部" in body and "物流管理专业学生党支部" in body
    assert '/static/vendor/echarts.min.js' in body and "cdn" not in body.lower()
    heatmap = response.context["heatmap"]
    assert heatmap["months"][0] == "1月" and len(heatmap["months"]) == 12
    assert heatmap["branches"] == ["物流管理专业教工党支部", "物流管理专业学生党支部"]
    summary = {s["rule"].code: s for s in response.context["summary"]}
    assert (summary["committee_meeting"]["met"], summary["committee_meeting"]["total"]) == (1, 1)
    assert summary["theme_day"]["missing"] == 2


def _cell(response, branch_row: int, month: int):
    for x, y, value, _tip, url in response.context["heatmap"]["data"]:
        if (x, y) == (month - 1, branch_row):
            return value, url
    raise AssertionError("no such cell")


def test_a_heatmap_cell_turns_from_missing_to_met(board, login):
    client = login(board.secretary)
    url = report_url(board.branch, year=2025, rule="committee_meeting")
    value, drill = _cell(client.get(url), 0, 3)
    assert value == 3 and drill == reverse("compliance:month", args=[board.branch.code, 2025, 3])
    meeting(board.branch, MeetingKind.COMMITTEE_MEETING, bj(2025, 3, 31, 23, 30), present=board.board)
    assert _cell(client.get(url), 0, 3)[0] == 1
    # all rules together: a quarter's general meeting shows in the quarter's last month
    overall = client.get(report_url(board.branch, year=2025))
    tips = {x: " ".join(tip) for x, y, v, tip, u in overall.context["heatmap"]["data"]}
    assert "党员大会" in tips[2] and "党员大会" not in tips[0]


def test_the_drill_down_lists_the_month_records_with_links(board, login):
    m = meeting(board.branch, MeetingKind.COMMITTEE_MEETING, bj(2025, 3, 31, 23, 30), present=board.board)
    group_meeting = meeting(board.group, MeetingKind.GROUP_MEETING, bj(2025, 3, 5, 19))
    meeting(board.branch, MeetingKind.THEME_DAY, bj(2025, 4, 1, 0, 10))  # April
    response = login(board.secretary).get(reverse("compliance:month", args=[board.branch.code, 2025, 3]))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'href="/meetings/{m.pk}/"' in body and f'href="/meetings/{group_meeting.pk}/"' in body
    assert "主题党日" in body  # the rule's row, not April's record
    assert len(re.findall(r'href="/meetings/\d+/"', body)) == 2
    assert "2025年第一季度" in body  # the quarter covering March
    assert login(board.secretary).get(
        reverse("compliance:month", args=[board.branch.code, 2025, 13])).status_code == 404


def test_a_month_range_report(board, login):
    response = login(board.secretary).get(report_url(board.branch, start="2025-03", end="2025-05"))
    assert response.status_code == 200
    assert response.context["heatmap"]["months"] == ["2025年3月", "2025年4月", "2025年5月"]
    bad = login(board.secretary).get(report_url(board.branch, start="2025-05", end="2025-03"))
    assert "结束月份不能早于开始月份" in bad.content.decode()


# --- scope -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", [
    ("secretary", 200), ("member_user", 200), ("organiser", 200), ("reviewer", 200), ("sibling_secretary", 404),
])
def test_report_pages_are_scoped(cast, login, who, status):
    client = login(getattr(cast, who))
    assert client.get(report_url(cast.branch, year=2025)).status_code == status
    assert client.get(reverse("compliance:month", args=[cast.branch.code, 2025, 3])).status_code == status
    assert client.get(reverse("compliance:export", args=[cast.branch.code])).status_code == status


def test_anonymous_users_are_sent_to_login(cast, login):
    client = login(None)
    for url in [report_url(cast.branch), reverse("compliance:warnings"), reverse("compliance:rule_list"),
                reverse("compliance:export", args=[cast.branch.code])]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_sibling_does_not_see_the_faculty_branch_in_the_school_report(cast, login):
    assert login(cast.sibling_secretary).get(report_url(cast.school)).status_code == 404
    body = login(cast.sibling_secretary).get(report_url(cast.sibling, year=2025)).content.decode()
    assert "物流管理专业学生党支部" in body and "物流管理专业教工党支部" not in body


# --- Excel -------------------------------------------------------------------------------------------


def test_the_excel_export_opens_with_chinese_headers_and_colours(board, login):
    meeting(board.branch, MeetingKind.COMMITTEE_MEETING, bj(2025, 1, 8, 15), present=board.board)
    url = reverse("compliance:export", args=[board.school.code]) + "?year=2025"
    plain = openpyxl.load_workbook(io.BytesIO(login(board.reviewer).get(url).content))
    assert plain.sheetnames == ["汇总", "规则"], "the detail sheet only on request"
    response = login(board.reviewer).get(url + "&detail=1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["汇总", "明细", "规则"]
    summary = wb["汇总"]
    headers = [c.value for c in summary[2]]
    assert headers[:2] == ["支部", "编码"] and "支委会" in headers and headers[-1] == "总体"
    names = [summary.cell(row=r, column=1).value for r in range(3, summary.max_row + 1)]
    assert names == ["物流管理专业教工党支部", "物流管理专业学生党支部"]
    col = headers.index("支委会") + 1
    cell = summary.cell(row=3, column=col)
    assert cell.value.startswith("未达标 1/12")
    assert cell.fill.fgColor.rgb.endswith("F9DCDB")
    detail = wb["明细"]
    assert [c.value for c in detail[1]][:5] == ["支部", "编码", "规则编码", "规则", "周期"]
    jan = [r for r in detail.iter_rows(min_row=2, values_only=True) if r[2] == "committee_meeting" and r[4] == "2025年1月"]
    assert jan[0][5:10] == ("2025-01-01", "2025-01-31", 1, 1, "达标")
    assert any("第十二条" in (r[7] or "") for r in wb["规则"].iter_rows(min_row=2, values_only=True))


# --- API -----------------------------------------------------------------------------------------------


def test_api_gives_each_rule_status_with_slots(board, api):
    for month in (1, 2, 3):
        meeting(board.branch, MeetingKind.COMMITTEE_MEETING, bj(2025, month, 10, 15), present=board.board)
    data = api(board.secretary, "/api/compliance", org=board.branch.code, year=2025).json()
    assert data["org"] == {"code": "U1-WL-JG", "name": "物流管理专业教工党支部"}
    assert data["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert data["count"] == 1 and len(data["items"]) == 1
    rules = {r["code"]: r for r in data["items"][0]["rules"]}
    cm = rules["committee_meeting"]
    assert (cm["status"], cm["required"], cm["done"]) == ("missing", 12, 3)
    assert [s["status"] for s in cm["slots"][:4]] == ["met", "met", "met", "missing"]
    assert cm["slots"][0] == {"key": "2025-01", "label": "2025年1月", "start": "2025-01-01", "end": "2025-01-31",
                              "status": "met", "required": 1, "done": 1}
    assert {r["code"] for r in data["rules"]} >= {"committee_meeting", "talks", "branch_size"}
    assert rules["branch_size"]["status"] == "met"


def test_api_marks_the_current_period_open(cast, api):
    today = timezone.localdate()
    data = api(cast.secretary, "/api/compliance", org=cast.branch.code).json()
    theme = {r["code"]: r for r in data["items"][0]["rules"]}["theme_day"]
    assert theme["slots"][-1]["key"] == f"{today.year}-{today.month:02d}"
    assert theme["slots"][-1]["status"] == "open"
    assert len(theme["slots"]) == today.month  # later months are not counted yet
    meeting(cast.branch, MeetingKind.THEME_DAY, timezone.now() - dt.timedelta(minutes=1))
    data = api(cast.secretary, "/api/compliance", org=cast.branch.code).json()
    assert {r["code"]: r for r in data["items"][0]["rules"]}["theme_day"]["slots"][-1]["status"] == "met"


def test_api_is_scoped_and_paginated(cast, api):
    assert api(None, "/api/compliance", org=cast.branch.code).status_code == 401
    assert api(cast.sibling_secretary, "/api/compliance", org=cast.branch.code).status_code == 404
    assert api(cast.sibling_secretary, "/api/compliance", org="NO-SUCH").status_code == 404
    assert api(cast.reviewer, "/api/compliance", org=cast.branch.code, year=2025).status_code == 200
    data = api(cast.organiser, "/api/compliance", org=cast.university.code, year=2025, page_size=2).json()
    assert data["count"] == 3 and len(data["items"]) == 2 and "page=2" in data["next"]
    assert [i["code"] for i in data["items"]] == ["U1-WL-JG", "U1-WL-XS"]
    assert api(cast.organiser, "/api/compliance", org="U1", year=2025, page=2, page_size=2).json()["items"][0][
        "code"] == "U1-JG-GS"


def test_api_refuses_bad_periods(cast, api):
    assert api(cast.secretary, "/api/compliance", org=cast.branch.code, start="2025-05", end="2025-03").status_code == 422
    assert api(cast.secretary, "/api/compliance", org=cast.branch.code, start="2025-13").status_code == 422
    assert api(cast.secretary, "/api/compliance", org=cast.branch.code, year=1900).status_code == 422
    ok = api(cast.secretary, "/api/compliance", org=cast.branch.code, start="2025-03", end="2025-04").json()
    assert ok["period"] == {"start": "2025-03-01", "end": "2025-04-30"}


# --- the home page's reminders ------------------------------------------------------------------------

NOW = bj(2026, 11, 27, 10, 0)


def test_reminders_for_the_secretary(board):
    Org.objects.filter(pk=board.branch.pk).update(term_start=dt.date(2023, 12, 31), term_end=dt.date(2026, 12, 31))
    meeting(board.branch, MeetingKind.COMMITTEE_MEETING, bj(2026, 10, 31, 23, 30), present=board.board)
    panel = warnings_for_user(user=board.secretary, now=NOW)
    assert [b.org.code for b in panel.branches] == ["U1-WL-JG"]
    texts = [w.text for w in panel.branches[0].items]
    assert "本月尚未召开支委会" in texts
    assert "本季度尚未上党课" in texts
    assert "支委会任期将于 2026年12月31日 届满" in texts
    assert "1月、2月、3月、4月等9个月未召开支委会" in texts
    assert "1月、2月、3月、4月等10个月未开展主题党日" in texts
    assert not any("10月" in t and "支委会" in t for t in texts)  # 23:30 on 31 October counted for October


def test_reminders_about_the_committee_and_the_size(cast):
    for i in range(5):
        MemberFactory(org=cast.branch, name=f"党员{i}")  # 7 full members with 陈立华 and 周敏
    texts = [w.text for w in warnings_for_user(user=cast.secretary, now=NOW).branches[0].items]
    assert "正式党员已达7人，应设立支部委员会" in texts
    for i in range(44):
        MemberFactory(org=cast.branch, name=f"新党员{i}")
    texts = [w.text for w in warnings_for_user(user=cast.secretary, now=NOW).branches[0].items]
    assert "党员人数超过50人，建议拆分支部" in texts


def test_reminders_only_for_managed_branches(cast, login):
    assert not warnings_for_user(user=cast.member_user, now=NOW).manages
    assert not warnings_for_user(user=cast.reviewer, now=NOW).manages
    organiser = warnings_for_user(user=cast.organiser, now=NOW)
    assert organiser.checked == 3
    sibling = warnings_for_user(user=cast.sibling_secretary, now=NOW)
    assert [b.org.code for b in sibling.branches] == ["U1-WL-XS"]


def test_the_home_page_loads_the_reminders_by_htmx(board, login):
    client = login(board.secretary)
    home = client.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("compliance:warnings")}"' in home
    fragment = client.get(reverse("compliance:warnings"), headers={"HX-Request": "true"}).content.decode()
    assert "标准化提醒" in fragment and "物流管理专业教工党支部" in fragment and "本月尚未召开支委会" in fragment
    assert "<html" not in fragment
    member = login(board.member_user).get(reverse("compliance:warnings")).content.decode()
    assert "面向支部书记" in member


# --- rules pages -------------------------------------------------------------------------------------


def test_admins_edit_rules_on_a_page_with_history(cast, login):
    client = login(cast.admin)
    rule = Rule.objects.get(code="party_lecture")
    page = client.get(reverse("compliance:rule_edit", args=[rule.code]))
    assert page.status_code == 200 and "第五章" in page.content.decode()
    data = {
        "name": rule.name, "meeting_kind": rule.meeting_kind, "period": "half_year", "min_count": 1,
        "attendance_threshold": "", "attendance_base": "", "applies_to_kinds": ["branch"],
        "applies_to_categories": [], "parameters": json.dumps(rule.parameters), "effective_from": "",
        "effective_to": "", "citation": rule.citation, "enabled": "on",
    }
    assert client.post(reverse("compliance:rule_edit", args=[rule.code]), data).status_code == 302
    rule.refresh_from_db()
    assert rule.period == "half_year"
    assert history_for(rule).first().changes["period"] == ["quarter", "half_year"]
    history = client.get(reverse("compliance:rule_history", args=[rule.code])).content.decode()
    assert "每半年" in history
    bad = client.post(reverse("compliance:rule_edit", args=[rule.code]),
                      {**data, "attendance_threshold": "0.5", "attendance_base": ""}).content.decode()
    assert "须指定出席比例的基数" in bad


def test_only_admins_change_rules(cast, login):
    for who in (cast.organiser, cast.secretary, cast.reviewer):
        client = login(who)
        assert client.get(reverse("compliance:rule_list")).status_code == 200
        assert client.get(reverse("compliance:rule_edit", args=["theme_day"])).status_code == 403
        assert client.get(reverse("compliance:rule_create")).status_code == 403
    assert "编辑" not in login(cast.organiser).get(reverse("compliance:rule_list")).content.decode()


def test_admins_add_a_rule_on_the_page(cast, login):
    response = login(cast.admin).post(reverse("compliance:rule_create"), {
        "code": "teacher_study", "check_type": "meeting_count", "name": "教工党支部每月开展理论学习",
        "meeting_kind": "teacher_study", "period": "month", "min_count": 1, "applies_to_kinds": ["branch"],
        "applies_to_categories": ["faculty"], "parameters": "", "citation": "本校规定", "enabled": "on",
    })
    assert response.status_code == 302
    assert Rule.objects.get(code="teacher_study").applies_to_categories == ["faculty"]


# --- bounded queries -------------------------------------------------------------------------------


def _grow(cast, branches: int, meetings: int) -> None:
    """`branches` more branches under the other school, sharing `meetings` meetings of 2025 between them."""
    created = []
    for i in range(branches):
        b = OrgFactory(parent=cast.other_school, name=f"扩充支部{i}")
        OrgFactory(parent=b, kind=Org.Kind.GROUP, name=f"扩充支部{i}第一党小组")
        people = [MemberFactory(org=b, name=f"支委{j}") for j in range(3)]
        MemberFactory(org=b, name="预备党员", status=Member.Status.PROBATIONARY, full_on=None)
        set_committee(b, people)
        created.append((b, people))
    kinds = [MeetingKind.COMMITTEE_MEETING, MeetingKind.THEME_DAY, MeetingKind.TALK, MeetingKind.GENERAL_MEETING]
    rows = []
    for n in range(meetings):
        b, people = created[n % len(created)]
        at = bj(2025, n % 12 + 1, n % 28 + 1, 9)
        rows.append(Meeting(org=b, org_path=b.path, kind=kinds[n % 4], title="会议", starts_at=at,
                            ends_at=at + dt.timedelta(hours=1)))
    Meeting.objects.bulk_create(rows)
    Attendance.objects.bulk_create([
        Attendance(meeting=m, member=p, status=Attendance.Status.PRESENT)
        for m in rows for p in created[rows.index(m) % len(created)][1][:2]
    ])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["report", "export", "month", "api", "warnings"])
def test_queries_do_not_grow_with_branches_or_meetings(cast, client, name):
    urls = {
        "report": report_url(cast.university, year=2025),
        "export": reverse("compliance:export", args=[cast.university.code]) + "?year=2025",
        "month": reverse("compliance:month", args=[cast.branch.code, 2025, 3]),
        "api": "/api/compliance?org=U1&year=2025&page_size=200",
        "warnings": reverse("compliance:warnings"),
    }
    client.force_login(cast.organiser)
    _grow(cast, 2, 10)
    small = _count(client, urls[name])
    _grow(cast, 18, 300)
    assert Org.objects.filter(kind=Org.Kind.BRANCH).count() == 23
    large = _count(client, urls[name])
    assert small == large, (small, large)
    assert large <= 24


def test_api_is_documented(cast, client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/compliance" in schema["paths"] and "/api/compliance/rules" in schema["paths"]
    out = schema["components"]["schemas"]["ComplianceOut"]["properties"]
    assert {"count", "next", "items", "org", "period", "as_of", "rules"} <= set(out)


def test_api_lists_the_rules(cast, api):
    rules = api(cast.reviewer, "/api/compliance/rules").json()
    assert [r["code"] for r in rules][:2] == ["general_meeting", "committee_meeting"]
    assert {r["code"]: r for r in rules}["committee_meeting"]["attendance_threshold"] == 0.5
    assert api(None, "/api/compliance/rules").status_code == 401
