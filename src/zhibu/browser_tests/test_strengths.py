"""“七个有力” in the browser: the university's ranking with the radar, a branch's page with its indicators
and drill-down, a plan written by the secretary, a reviewer's adjustment, and the weight table's refusal."""

import datetime as dt

import pytest
from django.utils import timezone

from zhibu.meetings.factories import at, make_meeting
from zhibu.meetings.models import MeetingKind
from zhibu.strengths import services

pytestmark = pytest.mark.browser


@pytest.fixture
def records(cast):
    year = timezone.localdate().year
    for month in (2, 5, 8):
        make_meeting(org=cast.branch, kind=MeetingKind.PARTY_LECTURE, starts_at=at(dt.date(year, month, 10)),
                     attendees=[cast.sec_member, cast.plain_member])
        make_meeting(org=cast.branch, kind=MeetingKind.THEME_DAY, starts_at=at(dt.date(year, month, 12)))
    make_meeting(org=cast.sibling, kind=MeetingKind.THEME_DAY, starts_at=at(dt.date(year, 3, 12)))
    services.standard_save(by=cast.organiser, org=cast.university, name="示例大学样板支部标准", min_total=60,
                           honour_min=1, thresholds={"party_lectures": 4, "theme_days": 10})
    return year


def _radar_series(ui) -> list:
    return ui.page.evaluate("""() => {
        const chart = echarts.getInstanceByDom(document.getElementById("zb-radar"));
        return chart.getOption().series[0].data.map(d => d.name);
    }""")


def test_ranking_branch_and_benchmark(cast, records, ui):
    ui.login("organiser")
    ui.goto(f"/strengths/?org=U1&year={records}", "ranking")
    assert "物流管理专业教工党支部" in ui.text("#ranking-table")
    assert _radar_series(ui)[0] == "物流管理专业教工党支部"
    ui.page.click("#ranking-table a:has-text('物流管理专业学生党支部')")
    ui.page.wait_for_load_state("networkidle")
    ui.shot("ranking-sibling-selected")
    assert _radar_series(ui)[0] == "物流管理专业学生党支部"

    ui.goto(f"/strengths/branches/U1-WL-JG/?year={records}", "branch")
    assert "差距" in ui.text("#benchmark")
    with ui.page.expect_navigation():
        ui.page.click("tr[data-indicator='party_lectures'] a")
    ui.page.wait_for_load_state("networkidle")
    ui.shot("drill-party-lectures")
    assert "党课" in ui.text("body")

    ui.goto(f"/strengths/orgs/U1/benchmark/?year={records}", "benchmark")
    assert "物流管理专业教工党支部" in ui.text("#closest-table")


def test_secretary_plans_and_reviewer_adjusts(cast, records, ui):
    ui.login("secretary")
    ui.goto(f"/strengths/branches/U1-WL-JG/plans/{records}/edit/", "plan-form")
    ui.page.fill("#id_summary", "围绕专业建设，推进“一三三”工作法")
    titles = ui.page.locator("input[name=goal_title]")
    titles.nth(0).fill("党课每季度1次")
    ui.page.locator("select[name=goal_indicator]").nth(0).select_option("party_lectures")
    ui.page.locator("input[name=goal_target]").nth(0).fill("4")
    titles.nth(3).fill("总结推广工作法")
    with ui.page.expect_navigation():
        ui.page.click("#plan-form button:has-text('保存计划')")
    ui.page.wait_for_load_state("networkidle")
    ui.shot("plan")
    assert "未完成" in ui.text("body")  # three lectures of four so far

    ui.page.context.clear_cookies()
    ui.login("reviewer")
    ui.goto(f"/strengths/branches/U1-WL-JG/?year={records}", "branch-reviewer")
    ui.page.select_option("#id_indicator", "party_lectures")
    ui.page.fill("#id_points", "25")
    ui.page.fill("#id_reason", "第四次党课与学院联合举办，记录在学院名下")
    ui.page.fill("#id_evidence_title", "学院党委党课通知")
    with ui.page.expect_navigation():
        ui.page.click("#adjust-form button")
    ui.page.wait_for_load_state("networkidle")
    ui.shot("adjusted")
    assert "第四次党课与学院联合举办" in ui.text("#adjustments")


def test_weight_table_refuses_a_bad_sum(cast, ui):
    ui.login("admin")
    ui.goto("/strengths/indicators/", "indicators")
    ui.page.fill("input[name='party_lectures-weight']", "9")
    with ui.page.expect_navigation():
        ui.page.click("button:has-text('保存')")
    ui.page.wait_for_load_state("networkidle")
    ui.shot("indicators-refused")
    assert "权重之和须为100，现为104" in ui.text("#weight-error")
