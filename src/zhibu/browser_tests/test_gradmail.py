"""毕业寄 in the browser, the June flow: the graduate registers themself, a member signs up for a shift, the
organiser runs the assignment, the room is packed, the courier desk hands the parcels over (a wrong tracking
number is refused first), and the graduate, logged in as themself, sees "已寄出"."""

import datetime as dt

import pytest

from zhibu.careers.factories import GraduateFactory
from zhibu.gradmail import services
from zhibu.orgs.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def june(cast):
    campaign = services.campaign_create(by=None, org=cast.school, year=2022, starts_on=dt.date(2022, 6, 10),
                                        ends_on=dt.date(2022, 6, 30))
    user = UserFactory(username="graduate", first_name="李明")
    GraduateFactory(org=cast.sibling, name="李明", student_number="2018000001", user=user, phone="13600000001")
    shift = services.shift_create(by=None, campaign=campaign, date=dt.date(2022, 6, 20), slot="morning",
                                  building="学生公寓7号楼", capacity=4, quota=10)
    services.shift_create(by=None, campaign=campaign, date=dt.date(2022, 6, 21), slot="afternoon",
                          building="学生公寓9号楼", capacity=4, quota=10)
    return campaign, shift


def _as(ui, username: str) -> None:
    ui.page.context.clear_cookies()
    ui.login(username)


def test_the_june_flow(cast, june, ui):
    campaign, shift = june
    # The machine the tests share may be busy: the live server's first pages can be slow to come.
    ui.page.set_default_navigation_timeout(60_000)
    ui.page.set_default_timeout(30_000)
    # The graduate registers themself.
    _as(ui, "graduate")
    ui.goto("/gradmail/mine/", "mine-empty")
    with ui.page.expect_navigation():
        ui.page.click("#register-self")
    ui.page.fill("#id_building", "学生公寓7号楼")
    ui.page.fill("#id_room", "301")
    ui.page.fill("#id_parcels_estimated", "2")
    ui.page.fill("#id_phone", "13812345678")
    ui.page.fill("#id_address", "山东省青岛市市南区香港中路100号3单元501")
    ui.page.fill("#id_preferred_from", "2022-06-18")
    ui.page.fill("#id_preferred_to", "2022-06-25")
    ui.page.select_option("#id_courier", "sf")
    ui.shot("registration-form")
    with ui.page.expect_navigation():
        ui.page.click("#registration-save")
    ui.shot("mine-registered")
    assert "待安排" in ui.text("main")

    # A member of the faculty branch signs up for the shift.
    _as(ui, "member")
    ui.goto(f"/gradmail/shifts/{shift.pk}/", "shift-before-signup")
    with ui.page.expect_navigation():
        ui.page.click("#signup-self")
    assert "周敏" in ui.text("#volunteers")
    ui.shot("shift-signed-up")

    # The organiser runs the assignment: the page shows the report and the fill levels.
    _as(ui, "organiser")
    ui.goto(f"/gradmail/campaigns/{campaign.pk}/", "campaign-before-assignment")
    with ui.page.expect_navigation():
        ui.page.click("#assign-button")
    ui.page.wait_for_load_state("networkidle")
    ui.shot("campaign-assigned")
    assert "安排1份，未能安排0份" in ui.text("#run-report")
    assert "1/10" in ui.text(f"#shift-{shift.pk}") and "1/4" in ui.text(f"#shift-{shift.pk}")

    # Packing the room.
    ui.goto(f"/gradmail/campaigns/{campaign.pk}/registrations/", "registrations")
    with ui.page.expect_navigation():
        ui.page.click("text=学生公寓7号楼301")
    ui.page.fill("#id_count", "2")
    ui.page.fill("#id_weights", "12.5，8")
    with ui.page.expect_navigation():
        ui.page.click("#pack-save")
    ui.shot("registration-packed")
    assert "已打包" in ui.text("#registration-status")

    # The courier desk: a wrong number is refused with the expected format, then both parcels go.
    ui.goto(f"/gradmail/campaigns/{campaign.pk}/desk/?status=packed", "desk")
    rows = ui.page.locator("#parcels tbody tr")
    assert rows.count() == 2
    first = rows.nth(0)
    first.locator("input[name=tracking_number]").fill("SF1234")
    first.locator("button").click()
    ui.page.wait_for_selector(".parcel-error")
    ui.shot("desk-wrong-number")
    assert "不符合顺丰速运的格式：应为SF加12位数字" in ui.text("#parcels")
    for i, number in enumerate(["SF123456789012", "SF123456789013"]):
        row = ui.page.locator("#parcels tbody tr").nth(i)
        row.locator("input[name=tracking_number]").fill(number)
        row.locator("button").click()
        ui.page.wait_for_function(
            f"document.querySelectorAll('#parcels tbody tr')[{i}].innerText.includes('{number}')")
    ui.shot("desk-handed")
    assert ui.page.locator("#parcels .parcel-status", has_text="已寄出").count() == 2

    # The graduate, logged in as themself, sees the parcels sent.
    _as(ui, "graduate")
    ui.goto("/gradmail/mine/", "mine-sent")
    assert "已寄出" in ui.text(".registration-status")
    statuses = ui.page.locator(".my-parcel-status").all_inner_texts()
    assert statuses == ["已寄出", "已寄出"]
    assert "SF123456789012" in ui.text("#my-parcels")
    # On a phone, the graduate's page still reads.
    ui.page.set_viewport_size({"width": 390, "height": 844})
    ui.goto("/gradmail/mine/", "mine-sent-phone")
    assert ui.page.evaluate("document.documentElement.scrollWidth <= 400")
