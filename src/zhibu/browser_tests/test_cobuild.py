"""Co-building in the browser: a secretary records a partnership, a joint activity and an outcome, and sees
them counted on the branch's co-building overview."""

import pytest

from zhibu.cobuild.factories import make_partnership, make_unit
from zhibu.cobuild.models import Partnership
from zhibu.cobuild.services import ContactRow

pytestmark = pytest.mark.browser


def test_record_a_partnership_an_activity_and_an_outcome(cast, ui):
    ui.login("secretary")
    ui.goto("/cobuild/orgs/U1-WL-JG/", "overview-empty")
    assert "还没有登记共建" in ui.text("#partnerships")

    with ui.page.expect_navigation():
        ui.page.click("#partnership-new")
    ui.page.select_option("#id_kind", "faculty_student")
    ui.page.select_option("#id_partner_org", label="物流管理专业学生党支部")
    ui.page.fill("#id_starts_on", "2022-03-01")
    ui.page.fill("#id_goals", "师生联学、联建、联做")
    ui.page.locator("input[name=contact-name]").first.fill("陈立华")
    ui.shot("partnership-form")
    with ui.page.expect_navigation():
        ui.page.click("#partnership-save")
    assert "物流管理专业教工党支部与物流管理专业学生党支部共建" in ui.text("#partnership-title")

    with ui.page.expect_navigation():
        ui.page.click("#activity-new")
    ui.page.fill("#id_title", "师生党支部联学：党的创新理论学习分享")
    ui.page.fill("#id_starts_at", "2022-05-10T14:00")
    ui.page.fill("#id_ends_at", "2022-05-10T16:00")
    ui.page.get_by_label("陈立华").check()
    ui.page.fill("#id_partner_names", "林晓，学生党员")
    ui.shot("activity-form")
    with ui.page.expect_navigation():
        ui.page.click("#activity-save")
    assert "师生党支部联学" in ui.text("#timeline")

    with ui.page.expect_navigation():
        ui.page.click("#outcome-new")
    ui.page.select_option("#id_kind", "other")
    ui.page.fill("#id_title", "教工党员担任学生党员学业导师")
    ui.page.fill("#id_quantity", "12")
    ui.page.fill("#id_occurred_on", "2022-09-10")
    with ui.page.expect_navigation():
        ui.page.click("#outcome-save")
    ui.shot("partnership-with-timeline")
    assert "教工党员担任学生党员学业导师" in ui.text("#timeline")

    ui.goto("/cobuild/orgs/U1-WL-JG/", "overview-recorded")
    card = ui.text("#mechanism-faculty_student")
    assert "1\n共建" in card and "1\n活动" in card and "1\n成果" in card
    assert "2022年5月10日" in card
    assert ui.page.locator("#cobuild-chart svg").count() == 1, "the chart is drawn"
    assert "教工党员担任学生党员学业导师" not in ui.text("#outcome-totals")
    assert "12项" in ui.text("#outcome-totals")


def test_the_sibling_branch_sees_its_partnership_but_not_the_faculty_branch(cast, ui):
    ui.login("sibling")
    response = ui.goto("/cobuild/orgs/U1-WL-JG/", "overview-as-sibling")
    assert response.status == 404


def test_overviews_fit_a_phone(cast, ui):
    unit = make_unit()
    partnership = make_partnership(org=cast.branch, kind=Partnership.Kind.CAMPUS_EXTERNAL, external_unit=unit,
                                   contacts=[ContactRow(side="partner", name="王经理", title="人力资源部经理")])
    ui.login("secretary")
    ui.page.set_viewport_size({"width": 390, "height": 844})
    for path, label in (("/cobuild/orgs/U1-WL-JG/", "cobuild-on-a-phone"),
                        ("/integration/orgs/U1-WL-JG/", "integration-on-a-phone"),
                        (f"/cobuild/partnerships/{partnership.pk}/", "partnership-on-a-phone")):
        ui.goto(path, label)
        overflow = ui.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
