"""The dashboard in the browser: the university's organiser switches scope, clicks a bar and a heatmap cell and
lands on the records behind them; the big screen shows every chart dark and full-screen at 1920×1080, refreshes
its numbers from the JSON endpoint, and the page has no sideways scrolling on a phone."""

import pytest
from django.utils import timezone

from zhibu.meetings.factories import at, make_meeting
from zhibu.meetings.models import MeetingKind
from zhibu.orgs.factories import MemberFactory

from .conftest import TIMEOUT_MS, UI

pytestmark = pytest.mark.browser

CHARTS = ["members", "compliance", "strengths", "ranking", "cases", "reach", "careers", "deeds"]


@pytest.fixture
def month(cast):
    """This month's theme day of the faculty branch, with both its members present."""
    first = timezone.localdate().replace(day=1)
    make_meeting(org=cast.branch, kind=MeetingKind.THEME_DAY, title="主题党日：走进合作企业", starts_at=at(first, 9),
                 attendees=[cast.sec_member, cast.plain_member])
    return first


def click_point(ui: UI, chart: str, find: str) -> None:
    """Click, with the mouse, the data point of `chart` that the JS expression `find(data, option)` picks: it
    returns [seriesIndex, [x, y]] in the chart's coordinates."""
    el = ui.page.locator(f"[data-zb-chart={chart}]")
    el.scroll_into_view_if_needed()
    x, y = ui.page.evaluate(f"""() => {{
        const el = document.querySelector("[data-zb-chart={chart}]");
        const inst = echarts.getInstanceByDom(el);
        const [series, point] = ({find})(inst.getOption());
        return inst.convertToPixel({{seriesIndex: series}}, point);
    }}""")
    box = el.bounding_box()
    with ui.page.expect_navigation():
        ui.page.mouse.click(box["x"] + x, box["y"] + y)
    ui.page.wait_for_load_state("networkidle")


def test_scope_switch_and_charts_that_open_their_records(cast, month, ui):
    ui.login("organiser")
    ui.goto("/dashboard/", "university")
    assert ui.page.url.endswith(f"/dashboard/U1/?year={month.year}")
    assert "中共示例大学委员会 · 数据看板" in ui.text("h1")
    assert ui.page.evaluate(f"""() => {CHARTS}.every(c =>
        echarts.getInstanceByDom(document.querySelector("[data-zb-chart=" + c + "]")))""")

    with ui.page.expect_navigation():
        ui.page.select_option("#dashboard-org", "U1-WL")
    ui.page.wait_for_load_state("networkidle")
    ui.shot("school")
    assert "/dashboard/U1-WL/" in ui.page.url and "示例大学党委" in ui.text("#dashboard-breadcrumb")

    # the 正式党员 bar's 教师 stack → the list of those members
    click_point(ui, "members", """o => {
        const s = o.series.findIndex(s => s.name === "教师");
        return [s, [0, o.series[s].data[0].value / 2]];  // the middle of the bottom stack
    }""")
    ui.shot("members-behind-the-bar")
    assert "/members/?org=U1-WL&status=full&occupation=teacher" in ui.page.url
    assert "陈立华" in ui.text("main") and "林晓" not in ui.text("main")

    ui.goto("/dashboard/U1-WL-JG/", "branch")
    # this month's 主题党日 cell of the branch's heatmap → that month's theme days
    click_point(ui, "compliance", f"""o => {{
        const y = o.yAxis[0].data.indexOf("主题党日");
        return [0, [{month.month - 1}, y]];
    }}""")
    ui.shot("meetings-behind-the-cell")
    assert "kind=theme_day" in ui.page.url and f"date_from={month.isoformat()}" in ui.page.url
    assert "主题党日：走进合作企业" in ui.text("main")


def test_the_big_screen(cast, month, browser, ui):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(TIMEOUT_MS)
    tv = UI(context.new_page(), ui.base_url, ui.shots, f"{ui.prefix}-tv")
    try:
        tv.login("organiser")
        tv.goto("/dashboard/U1/screen/?refresh=1", "screen")
        page = tv.page
        assert page.locator(".zb-navbar").count() == 0
        assert page.evaluate("getComputedStyle(document.body).backgroundImage").startswith("radial-gradient")
        assert page.evaluate("document.documentElement.scrollHeight") <= 1080, "one screen, no scrolling"
        assert page.evaluate(f"""() => {CHARTS}.every(c =>
            echarts.getInstanceByDom(document.querySelector("[data-zb-chart=" + c + "]")))""")
        assert "每1分钟自动刷新" in tv.text("#screen-status")
        members = tv.text("[data-zb-kpi=members] [data-zb-value]")

        MemberFactory(org=cast.sibling, name="新党员")
        with page.expect_response(lambda r: "/api/dashboard/U1" in r.url and r.status == 200):
            page.evaluate("window.ZBScreenRefresh()")
        page.wait_for_function(
            f"document.querySelector('[data-zb-kpi=members] [data-zb-value]').textContent !== '{members}'")
        tv.shot("screen-refreshed")
        assert int(tv.text("[data-zb-kpi=members] [data-zb-value]")) == int(members) + 1
        assert not tv.broken, tv.broken
    finally:
        context.close()

    ui.login("organiser")
    ui.page.set_viewport_size({"width": 390, "height": 844})
    ui.goto("/dashboard/U1/", "phone")
    assert ui.page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"
