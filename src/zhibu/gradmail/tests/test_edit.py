"""Correcting registrations (staff any time before packing; the graduate only before assignment), editing shifts
(capacity never below the volunteers signed up), soft delete and restore; 404 outside, 403 read-only; bounded
queries."""

import datetime as dt

import pytest
from django.urls import reverse

from zhibu.core.audit import history_for
from zhibu.gradmail import services, services_edits, services_parcels
from zhibu.gradmail.models import Registration, Shift, Signup
from zhibu.orgs.factories import UserFactory, grant
from zhibu.orgs.models import Role

from .conftest import register

pytestmark = pytest.mark.django_db
ADDRESS = "浙江省杭州市西湖区文三路90号东部软件园2号楼"


def _reg_post(**over):
    data = {
        "building": "学生公寓7号楼",
        "room": "302",
        "parcels_estimated": "3",
        "recipient": "李明",
        "phone": "13900000002",
        "address": ADDRESS,
        "preferred_from": "2022-06-19",
        "preferred_to": "2022-06-24",
        "courier": "sf",
        "note": "书籍较多",
    }
    data.update(over)
    return data


def test_the_secretary_corrects_a_graduates_address_phone_and_dates(gm, cast, login):
    reg = register(gm, gm.graduate)
    client = login(cast.sibling_secretary)
    url = reverse("gradmail:registration_edit", args=[reg.pk])
    assert url in client.get(reg.get_absolute_url()).content.decode()
    organiser = login(cast.organiser)
    assert url in organiser.get(reverse("gradmail:registration_list", args=[gm.campaign.pk])).content.decode()
    client = login(cast.sibling_secretary)
    assert client.post(url, _reg_post()).status_code == 302
    reg.refresh_from_db()
    assert (reg.address, reg.phone, reg.preferred_from, reg.room) == (
        ADDRESS,
        "13900000002",
        dt.date(2022, 6, 19),
        "302",
    )
    entry = history_for(reg).filter(action="update").first()
    assert entry.actor == cast.sibling_secretary and ADDRESS not in str(
        entry.changes
    )  # addresses masked in history
    assert entry.changes["phone"] == ["138****5678", "139****0002"]  # so are phones (core.audit)


def test_bad_registration_input_is_shown_again_and_nothing_saved(gm, cast, login):
    reg = register(gm, gm.graduate)
    client = login(cast.sibling_secretary)
    url = reverse("gradmail:registration_edit", args=[reg.pk])
    r = client.post(
        url, _reg_post(phone="12345", preferred_from="2022-06-24", preferred_to="2022-06-19", room="999")
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert "收件电话“12345”应为11位手机号码" in body and "意向日期止2022年6月19日早于起2022年6月24日" in body
    assert 'value="999"' in body
    r = client.post(url, _reg_post(recipient="", parcels_estimated="x"))
    assert "请填写收件人" in r.content.decode() and "预计件数格式不正确" in r.content.decode()
    reg.refresh_from_db()
    assert reg.room == "301" and reg.phone == "13812345678"


def test_the_graduate_edits_their_own_registration_until_it_is_assigned(gm, cast, login):
    reg = register(gm, gm.graduate, by=gm.grad_user)
    client = login(gm.grad_user)
    url = reverse("gradmail:registration_edit", args=[reg.pk])
    assert url in client.get(reverse("gradmail:mine")).content.decode()
    r = client.post(url, _reg_post(room="305"))
    assert r["Location"] == reverse("gradmail:mine")
    reg.refresh_from_db()
    assert reg.room == "305" and history_for(reg).filter(action="update").first().actor == gm.grad_user
    services_parcels.assignment_run(by=None, campaign=gm.campaign)
    reg.refresh_from_db()
    assert reg.status == "assigned"
    assert url not in client.get(reverse("gradmail:mine")).content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, _reg_post(room="306")).status_code == 403
    reg.refresh_from_db()
    assert reg.room == "305"
    # staff still may; moving to another building sends it back to the queue
    r = login(cast.sibling_secretary).post(url, _reg_post(room="306", building="学生公寓9号楼"), follow=True)
    assert "等待重新排班" in r.content.decode()
    reg.refresh_from_db()
    assert (reg.room, reg.status, reg.shift_id) == ("306", "registered", None)


def test_registrations_outside_scope_are_404_and_read_only_roles_403(gm, cast, login):
    reg = register(gm, gm.graduate)
    url = reverse("gradmail:registration_edit", args=[reg.pk])
    outsider = UserFactory(username="econ2")
    grant(outsider, cast.other_branch, Role.Kind.SECRETARY)
    assert login(outsider).get(url).status_code == 404
    assert (
        login(cast.member_user).get(url).status_code == 404
    )  # the faculty branch does not see the students'
    assert login(cast.reviewer).get(url).status_code == 403
    assert login(cast.reviewer).post(url, _reg_post(room="999")).status_code == 403
    other = register(gm, gm.others[0])
    assert login(gm.grad_user).get(reverse("gradmail:registration_edit", args=[other.pk])).status_code == 404
    assert Registration.objects.get(pk=reg.pk).room == "301"


def test_a_withdrawn_registration_is_restored_by_staff(gm, cast, login):
    reg = register(gm, gm.graduate)
    services.registration_cancel(by=gm.grad_user, registration=reg)
    client = login(cast.organiser)
    assert (
        gm.graduate.name
        in client.get(reverse("gradmail:campaign_trash", args=[gm.campaign.pk])).content.decode()
    )
    assert (
        login(cast.reviewer).post(reverse("gradmail:registration_restore", args=[reg.pk])).status_code == 403
    )
    client = login(cast.organiser)
    assert client.post(reverse("gradmail:registration_restore", args=[reg.pk])).status_code == 302
    assert Registration.objects.get(pk=reg.pk).status == "registered"
    assert history_for(reg).filter(action="restore").first().actor == cast.organiser


def _shift_post(**over):
    data = {
        "date": "2022-06-20",
        "slot": "morning",
        "building": "学生公寓7号楼",
        "capacity": "3",
        "quota": "5",
        "note": "带胶带",
    }
    data.update(over)
    return data


def test_a_shift_cannot_shrink_below_its_volunteers(gm, cast, login):
    services.shift_signup(by=None, shift=gm.s7, member=cast.plain_member)
    services.shift_signup(by=None, shift=gm.s7, name="学生志愿者甲")
    client = login(cast.organiser)
    url = reverse("gradmail:shift_edit", args=[gm.s7.pk])
    assert url in client.get(reverse("gradmail:shift_detail", args=[gm.s7.pk])).content.decode()
    assert url in client.get(gm.campaign.get_absolute_url()).content.decode()
    assert url not in login(cast.member_user).get(gm.campaign.get_absolute_url()).content.decode()
    client = login(cast.organiser)
    r = client.post(url, _shift_post(capacity="1", note="改为一人"))
    body = r.content.decode()
    assert r.status_code == 200 and "志愿者名额不能少于已报名的2人" in body and "改为一人" in body
    assert Shift.objects.get(pk=gm.s7.pk).capacity == 2
    r = client.post(url, _shift_post(date="2022-07-05"))
    assert "不在本次工作期间" in r.content.decode()
    assert client.post(url, _shift_post(capacity="2", slot="afternoon")).status_code == 302
    shift = Shift.objects.get(pk=gm.s7.pk)
    assert (shift.capacity, shift.quota, shift.slot, shift.note) == (2, 5, "afternoon", "带胶带")
    assert set(Signup.objects.filter(shift=shift).values_list("hours", flat=True)) == {shift.hours}
    assert history_for(shift).filter(action="update").first().changes["quota"] == [3, 5]


def test_a_shift_with_assigned_registrations_keeps_its_building_and_quota(gm, cast):
    register(gm, gm.graduate)
    register(gm, gm.others[0], room="302")
    services_parcels.assignment_run(by=None, campaign=gm.campaign)
    with pytest.raises(Exception) as exc:
        services_edits.shift_update(
            by=cast.organiser,
            shift=gm.s7,
            date=dt.date(2022, 6, 20),
            slot="morning",
            building="学生公寓9号楼",
            capacity=2,
            quota=1,
        )
    errors = exc.value.message_dict
    assert (
        "不能改为其他楼栋" in errors["building"][0]
        and "不能少于已安排到本班次的2份登记" in errors["quota"][0]
    )


def test_a_shift_is_deleted_softly_and_restored(gm, cast, login):
    client = login(cast.organiser)
    services.shift_signup(by=None, shift=gm.s9, name="学生志愿者乙")
    r = client.post(reverse("gradmail:shift_delete", args=[gm.s9.pk]), follow=True)
    assert "已有1名志愿者报名，不能删除" in r.content.decode() and Shift.objects.filter(pk=gm.s9.pk).exists()
    assert login(cast.member_user).post(reverse("gradmail:shift_delete", args=[gm.s7.pk])).status_code == 403
    client = login(cast.organiser)
    client.post(reverse("gradmail:shift_delete", args=[gm.s7.pk]))
    assert not Shift.objects.filter(pk=gm.s7.pk).exists()
    assert client.get(reverse("gradmail:shift_detail", args=[gm.s7.pk])).status_code == 404
    assert (
        "学生公寓7号楼"
        in client.get(reverse("gradmail:campaign_trash", args=[gm.campaign.pk])).content.decode()
    )
    client.post(reverse("gradmail:shift_restore", args=[gm.s7.pk]))
    assert Shift.objects.filter(pk=gm.s7.pk).exists()


def test_shift_pages_are_404_outside_and_403_read_only(gm, cast, login):
    outsider = UserFactory(username="econ3")
    grant(outsider, cast.other_branch, Role.Kind.SECRETARY)
    url = reverse("gradmail:shift_edit", args=[gm.s7.pk])
    assert login(outsider).get(url).status_code == 404
    assert login(outsider).get(reverse("gradmail:campaign_trash", args=[gm.campaign.pk])).status_code == 404
    for user in (cast.member_user, cast.secretary, cast.reviewer):
        assert login(user).get(url).status_code == 403
        assert login(user).post(url, _shift_post(capacity="9")).status_code == 403
    assert Shift.objects.get(pk=gm.s7.pk).capacity == 2


def test_edit_pages_run_a_bounded_number_of_queries(gm, cast, login, django_assert_max_num_queries):
    from zhibu.careers.factories import GraduateFactory

    reg = register(gm, gm.graduate)
    for start, size in ((0, 3), (100, 30)):
        for i in range(start, start + size):
            g = GraduateFactory(org=cast.sibling, student_number=f"2018500{i:03d}")
            services.registration_cancel(by=None, registration=register(gm, g, room=str(i)))
            services.shift_signup(by=None, shift=gm.s9, name=f"志愿者{i}") if i < 4 else None
        pages = [
            (cast.sibling_secretary, reverse("gradmail:registration_edit", args=[reg.pk])),
            (gm.grad_user, reverse("gradmail:registration_edit", args=[reg.pk])),
            (cast.organiser, reverse("gradmail:shift_edit", args=[gm.s9.pk])),
            (cast.organiser, reverse("gradmail:campaign_trash", args=[gm.campaign.pk])),
        ]
        for user, url in pages:
            client = login(user)
            with django_assert_max_num_queries(8):
                assert client.get(url).status_code == 200, url
