"""Standardisation in the browser: a secretary sees a month's theme day missing on the heatmap, records the
meeting, and sees the same cell turn to met."""

import datetime as dt

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser

# The heatmap's cell values (meetings.compliance.CELL_VALUES): 1 met, 2 open, 3 missing.
MET, MISSING = 1, 3


def _cell(ui, x: int) -> int:
    """The value ECharts draws in column x of the (single-branch) heatmap."""
    return ui.page.evaluate(
        """(x) => {
            const chart = echarts.getInstanceByDom(document.getElementById("zb-heatmap-chart"));
            const cell = chart.getOption().series[0].data.find(d => d[0] === x && d[1] === 0);
            return cell[2];
        }""", x)


def test_recording_a_theme_day_turns_its_month_from_missing_to_met(cast, ui):
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    before = (last_month - dt.timedelta(days=1)).replace(day=1)
    report = (f"/compliance/orgs/U1-WL-JG/?start={before:%Y-%m}&end={last_month:%Y-%m}&rule=theme_day")

    ui.login("secretary")
    ui.goto("/", "home")
    ui.page.click("#zb-nav a.dropdown-toggle:has-text('组织生活')")
    with ui.page.expect_navigation():
        ui.page.click("#zb-nav a.dropdown-item:has-text('标准化检查')")
    assert "标准化" in ui.text("h1")

    ui.goto(report, "heatmap-missing")
    assert _cell(ui, 0) == MISSING and _cell(ui, 1) == MISSING

    ui.goto("/meetings/new/?org=U1-WL-JG", "meeting-form")
    ui.page.select_option("#id_kind", "theme_day")
    ui.page.wait_for_load_state("networkidle")
    ui.page.fill("#id_title", "主题党日：走进物流企业")
    ui.page.fill("#id_place", "学院112会议室")
    ui.page.fill("#id_starts_at", f"{last_month:%Y-%m}-15T14:00")
    ui.page.fill("#id_ends_at", f"{last_month:%Y-%m}-15T16:00")
    with ui.page.expect_navigation():
        ui.page.click("#meeting-save")
    assert "主题党日：走进物流企业" in ui.text("h1")

    ui.goto(report, "heatmap-met")
    assert _cell(ui, 1) == MET, "the month with the new theme day is met"
    assert _cell(ui, 0) == MISSING, "the month before is still missing"

    # A click on the cell drills down to the month's records.
    ui.page.locator("#zb-heatmap-chart").scroll_into_view_if_needed()
    x, y = ui.page.evaluate("""() => {
        const el = document.getElementById("zb-heatmap-chart");
        const p = echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, [1, 0]);
        const r = el.getBoundingClientRect();
        return [r.left + p[0], r.top + p[1]];
    }""")
    ui.page.mouse.click(x, y)
    ui.page.wait_for_selector("#compliance-month")
    ui.shot("drill-down")
    assert "主题党日：走进物流企业" in ui.text("#compliance-month-meetings")
