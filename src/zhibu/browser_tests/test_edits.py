"""Corrections in the browser: an organiser shrinks a 毕业寄 shift below its volunteers and is told why with
what they typed still there, then corrects it; a graduate's own login sees nothing of the school but 我的毕业寄."""

import datetime as dt

import pytest

from zhibu.careers.factories import GraduateFactory
from zhibu.gradmail import services
from zhibu.gradmail.models import Shift
from zhibu.orgs.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def shift(cast):
    campaign = services.campaign_create(by=None, org=cast.school, year=2022, starts_on=dt.date(2022, 6, 10),
                                        ends_on=dt.date(2022, 6, 30))
    shift = services.shift_create(by=None, campaign=campaign, date=dt.date(2022, 6, 20), slot="morning",
                                  building="学生公寓7号楼", capacity=4, quota=10)
    for name in ("学生志愿者甲", "学生志愿者乙"):
        services.shift_signup(by=None, shift=shift, name=name)
    user = UserFactory(username="graduate", first_name="李明")
    GraduateFactory(org=cast.sibling, name="李明", student_number="2018000001", user=user, phone="13600000001")
    return shift


def test_a_shift_is_corrected_and_a_graduate_sees_only_their_own(cast, shift, ui):
    ui.login("organiser")
    ui.goto(f"/gradmail/shifts/{shift.pk}/edit/", "shift-edit")
    ui.page.fill("#id_capacity", "1")
    ui.page.fill("#id_note", "改到下午")
    with ui.page.expect_navigation():
        ui.page.click("#shift-edit-save")
    ui.shot("shift-edit-refused")
    assert "志愿者名额不能少于已报名的2人" in ui.text("main")
    assert ui.page.input_value("#id_capacity") == "1" and ui.page.input_value("#id_note") == "改到下午"
    assert Shift.objects.get(pk=shift.pk).capacity == 4

    ui.page.fill("#id_capacity", "3")
    with ui.page.expect_navigation():
        ui.page.click("#shift-edit-save")
    ui.shot("shift-edited")
    saved = Shift.objects.get(pk=shift.pk)
    assert (saved.capacity, saved.note) == (3, "改到下午")

    ui.page.context.clear_cookies()
    ui.login("graduate")
    ui.goto("/", "graduate-home")
    nav = ui.text("#zb-nav")
    assert "我的毕业寄" in nav and "组织生活" not in nav and "数据看板" not in nav
    assert "暂无可访问的组织" not in ui.text("main") and ui.page.is_visible("#home-gradmail")
    ui.goto(f"/gradmail/campaigns/{shift.campaign_id}/", "graduate-sent-to-mine")
    assert ui.page.url.endswith("/gradmail/mine/")
