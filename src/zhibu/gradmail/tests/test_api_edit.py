"""毕业寄 edits through the API: PATCH, DELETE (soft) and POST …/restore of registrations and shifts. The pages'
rules: 422 naming the fields and nothing saved, 403 read-only, 404 outside the scope, the graduate only on their
own registration and only until it is assigned; history written; query counts that do not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.careers.factories import GraduateFactory
from zhibu.core.audit import history_for
from zhibu.gradmail import services, services_parcels
from zhibu.gradmail.models import Registration, Shift, Signup
from zhibu.orgs.factories import UserFactory, grant
from zhibu.orgs.models import Role

from .conftest import register

pytestmark = pytest.mark.django_db
J = "application/json"
ADDRESS = "浙江省杭州市西湖区文三路90号东部软件园2号楼"


def _patch(client, url, data):
    return client.patch(url, data, content_type=J)


def _outsider(cast):
    user = UserFactory(username="econ9")
    grant(user, cast.other_branch, Role.Kind.SECRETARY)
    return user


def test_staff_correct_a_registration_and_history_masks_the_address(gm, cast, login):
    reg = register(gm, gm.graduate)
    client = login(cast.sibling_secretary)
    r = _patch(
        client,
        f"/api/gradmail/registrations/{reg.pk}",
        {"address": ADDRESS, "phone": "13900000002", "preferred_from": "2022-06-19"},
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["address"], body["phone"], body["preferred_from"], body["room"]) == (
        ADDRESS,
        "13900000002",
        "2022-06-19",
        "301",
    )
    reg.refresh_from_db()
    assert (reg.address, reg.phone) == (ADDRESS, "13900000002")
    entry = history_for(reg).filter(action="update").first()
    assert entry.actor == cast.sibling_secretary and ADDRESS not in str(entry.changes["address"])


def test_a_bad_registration_patch_is_422_naming_the_fields_and_nothing_is_saved(gm, cast, login):
    reg = register(gm, gm.graduate)
    client = login(cast.sibling_secretary)
    url = f"/api/gradmail/registrations/{reg.pk}"
    r = _patch(
        client,
        url,
        {"phone": "12345", "preferred_from": "2022-06-24", "preferred_to": "2022-06-19", "room": "999"},
    )
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert (
        "收件电话“12345”" in errors["phone"][0]
        and "意向日期止2022年6月19日早于起2022年6月24日" in errors["preferred_to"][0]
    )
    r = _patch(client, url, {"room": None, "courier": "pigeon"})
    assert r.status_code == 422 and r.json()["errors"] == {"room": ["“room”不能为空"]}
    r = _patch(client, url, {"courier": "pigeon"})
    assert r.status_code == 422 and "未知的快递公司“pigeon”" in r.json()["errors"]["courier"][0]
    reg.refresh_from_db()
    assert (reg.room, reg.phone, reg.courier) == ("301", "13812345678", "")
    assert not history_for(reg).filter(action="update").exists()


def test_the_graduate_patches_only_their_own_registration_until_it_is_assigned(gm, cast, login):
    reg = register(gm, gm.graduate, by=gm.grad_user)
    other = register(gm, gm.others[0], room="302")
    client = login(gm.grad_user)
    r = _patch(client, f"/api/gradmail/registrations/{reg.pk}", {"room": "305"})
    assert r.status_code == 200 and r.json()["room"] == "305"
    assert history_for(reg).filter(action="update").first().actor == gm.grad_user
    assert _patch(client, f"/api/gradmail/registrations/{other.pk}", {"room": "1"}).status_code == 404
    assert _patch(client, f"/api/gradmail/shifts/{gm.s7.pk}", {"capacity": 9}).status_code == 404
    assert client.delete(f"/api/gradmail/shifts/{gm.s7.pk}").status_code == 404
    services_parcels.assignment_run(by=None, campaign=gm.campaign)
    reg.refresh_from_db()
    assert reg.status == "assigned"
    r = _patch(client, f"/api/gradmail/registrations/{reg.pk}", {"room": "306"})
    assert r.status_code == 403 and "登记已排班，不能自行修改" in r.json()["detail"]
    assert Registration.objects.get(pk=reg.pk).room == "305"
    # staff still may; moving to another building sends it back to the queue
    r = _patch(
        login(cast.sibling_secretary),
        f"/api/gradmail/registrations/{reg.pk}",
        {"room": "306", "building": "学生公寓9号楼"},
    )
    assert r.status_code == 200 and (r.json()["status"], r.json()["shift_id"]) == ("registered", None)


def test_registrations_outside_are_404_read_only_403(gm, cast, login):
    reg = register(gm, gm.graduate)
    url = f"/api/gradmail/registrations/{reg.pk}"
    for user, code in ((_outsider(cast), 404), (cast.member_user, 404), (cast.reviewer, 403)):
        client = login(user)
        assert _patch(client, url, {"room": "999"}).status_code == code, user
        assert client.delete(url).status_code == code, user
    assert Registration.objects.get(pk=reg.pk).room == "301"


def test_a_registration_is_withdrawn_and_restored_by_staff(gm, cast, login):
    reg = register(gm, gm.graduate, by=gm.grad_user)
    client = login(gm.grad_user)
    assert client.delete(f"/api/gradmail/registrations/{reg.pk}?reason=不寄了").status_code == 204
    assert not Registration.objects.filter(pk=reg.pk).exists()
    assert history_for(reg).filter(action="delete").first().note == "不寄了"
    restore = f"/api/gradmail/registrations/{reg.pk}/restore"
    assert client.post(restore).status_code == 404  # the graduate does not restore
    assert login(_outsider(cast)).post(restore).status_code == 404
    assert login(cast.reviewer).post(restore).status_code == 403
    r = login(cast.organiser).post(restore)
    assert r.status_code == 200 and r.json()["status"] == "registered"
    assert history_for(reg).filter(action="restore").first().actor == cast.organiser
    # packed registrations cannot be withdrawn
    services_parcels.assignment_run(by=None, campaign=gm.campaign)
    services_parcels.registration_pack(
        by=None,
        registration=Registration.objects.get(pk=reg.pk),
        parcels=[services_parcels.ParcelRow(courier="sf")],
    )
    r = login(cast.organiser).delete(f"/api/gradmail/registrations/{reg.pk}")
    assert r.status_code == 422 and "已打包的登记不能撤销" in r.json()["detail"]
    r = _patch(login(cast.organiser), f"/api/gradmail/registrations/{reg.pk}", {"room": "1"})
    assert r.status_code == 403 and Registration.objects.filter(pk=reg.pk).exists()


def test_a_shift_cannot_shrink_below_its_volunteers(gm, cast, login):
    services.shift_signup(by=None, shift=gm.s7, member=cast.plain_member)
    services.shift_signup(by=None, shift=gm.s7, name="学生志愿者甲")
    client = login(cast.organiser)
    url = f"/api/gradmail/shifts/{gm.s7.pk}"
    r = _patch(client, url, {"capacity": 1, "note": "改为一人"})
    assert r.status_code == 422 and "志愿者名额不能少于已报名的2人" in r.json()["errors"]["capacity"][0]
    r = _patch(client, url, {"date": "2022-07-05"})
    assert r.status_code == 422 and "不在本次工作期间" in r.json()["errors"]["date"][0]
    shift = Shift.objects.get(pk=gm.s7.pk)
    assert (shift.capacity, shift.note, shift.date) == (2, "", dt.date(2022, 6, 20))
    r = _patch(client, url, {"slot": "afternoon", "quota": 5, "note": "带胶带"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["slot"], body["quota"], body["capacity"], body["signup_count"]) == ("afternoon", 5, 2, 2)
    shift = Shift.objects.get(pk=gm.s7.pk)
    assert set(Signup.objects.filter(shift=shift).values_list("hours", flat=True)) == {shift.hours}
    assert history_for(shift).filter(action="update").first().changes["quota"] == [3, 5]


def test_a_shift_with_assigned_registrations_keeps_its_building_and_quota(gm, cast, login):
    register(gm, gm.graduate)
    register(gm, gm.others[0], room="302")
    services_parcels.assignment_run(by=None, campaign=gm.campaign)
    r = _patch(
        login(cast.organiser), f"/api/gradmail/shifts/{gm.s7.pk}", {"building": "学生公寓9号楼", "quota": 1}
    )
    errors = r.json()["errors"]
    assert r.status_code == 422
    assert (
        "不能改为其他楼栋" in errors["building"][0]
        and "不能少于已安排到本班次的2份登记" in errors["quota"][0]
    )
    assert Shift.objects.get(pk=gm.s7.pk).building == "学生公寓7号楼"


def test_a_shift_is_deleted_softly_and_restored(gm, cast, login):
    services.shift_signup(by=None, shift=gm.s9, name="学生志愿者乙")
    client = login(cast.organiser)
    r = client.delete(f"/api/gradmail/shifts/{gm.s9.pk}")
    assert r.status_code == 422 and "已有1名志愿者报名，不能删除" in r.json()["detail"]
    assert Shift.objects.filter(pk=gm.s9.pk).exists()
    outsider = _outsider(cast)
    for user, code in ((outsider, 404), (cast.member_user, 403), (cast.secretary, 403), (cast.reviewer, 403)):
        assert _patch(login(user), f"/api/gradmail/shifts/{gm.s7.pk}", {"capacity": 9}).status_code == code
        assert login(user).delete(f"/api/gradmail/shifts/{gm.s7.pk}").status_code == code
    assert Shift.objects.get(pk=gm.s7.pk).capacity == 2
    client = login(cast.organiser)
    assert client.delete(f"/api/gradmail/shifts/{gm.s7.pk}").status_code == 204
    assert not Shift.objects.filter(pk=gm.s7.pk).exists()
    assert client.get(f"/api/gradmail/shifts/?campaign={gm.campaign.pk}").json()["count"] == 1
    restore = f"/api/gradmail/shifts/{gm.s7.pk}/restore"
    assert login(outsider).post(restore).status_code == 404
    assert login(cast.member_user).post(restore).status_code == 403
    r = login(cast.organiser).post(restore)
    assert r.status_code == 200 and r.json()["building"] == "学生公寓7号楼"
    entries = {e.action: e.actor for e in history_for(gm.s7)}
    assert entries["delete"] == cast.organiser and entries["restore"] == cast.organiser


def test_writes_run_the_same_bounded_number_of_queries_at_two_data_sizes(gm, cast, login):
    reg = register(gm, gm.graduate, by=gm.grad_user)
    counts = []
    for start, size in ((0, 3), (100, 30)):
        for i in range(start, start + size):
            g = GraduateFactory(org=cast.sibling, student_number=f"2018500{i:03d}")
            r = register(gm, g, room=str(i), building="学生公寓9号楼")
            if i % 2:
                services.registration_cancel(by=None, registration=r)
        services.shift_signup(by=None, shift=gm.s9, name=f"志愿者{start}")
        calls = [
            (cast.sibling_secretary, "patch", f"/api/gradmail/registrations/{reg.pk}", {"room": f"4{start}"}),
            (gm.grad_user, "patch", f"/api/gradmail/registrations/{reg.pk}", {"room": f"5{start}"}),
            (cast.organiser, "patch", f"/api/gradmail/shifts/{gm.s9.pk}", {"capacity": 10 + start}),
            (cast.organiser, "delete", f"/api/gradmail/shifts/{gm.s7.pk}", None),
            (cast.organiser, "post", f"/api/gradmail/shifts/{gm.s7.pk}/restore", None),
            (gm.grad_user, "delete", f"/api/gradmail/registrations/{reg.pk}", None),
            (cast.organiser, "post", f"/api/gradmail/registrations/{reg.pk}/restore", None),
        ]
        measured = []
        for user, method, url, data in calls:
            client = login(user)
            with CaptureQueriesContext(connection) as ctx:
                r = (
                    getattr(client, method)(url, data, content_type=J)
                    if data
                    else getattr(client, method)(url)
                )
            assert r.status_code in (200, 204), (url, r.content)
            measured.append(len(ctx.captured_queries))
        counts.append(measured)
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= 25, counts
