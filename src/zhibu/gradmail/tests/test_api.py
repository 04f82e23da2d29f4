"""The 毕业寄 API: scoped lists (404 outside), writes with Chinese refusals, nothing saved on bad input."""

import pytest

from zhibu.gradmail import services, services_parcels
from zhibu.gradmail.models import Parcel, Registration
from zhibu.orgs.factories import UserFactory, grant
from zhibu.orgs.models import Role

from .conftest import register

pytestmark = pytest.mark.django_db


def test_lists_are_scoped(gm, cast, login):
    register(gm, gm.graduate)
    outsider = UserFactory(username="econ")
    grant(outsider, cast.other_branch, Role.Kind.SECRETARY)
    client = login(outsider)
    assert client.get("/api/gradmail/campaigns/").json()["count"] == 0
    assert client.get(f"/api/gradmail/shifts/?campaign={gm.campaign.pk}").status_code == 404
    assert client.get(f"/api/gradmail/registrations/?campaign={gm.campaign.pk}").status_code == 404
    assert client.get("/api/gradmail/registrations/").json()["count"] == 0
    data = login(cast.organiser).get(f"/api/gradmail/shifts/?campaign={gm.campaign.pk}").json()
    assert data["count"] == 2 and data["items"][0]["slot_label"] == "上午（8:30—11:30）"
    mine = login(gm.grad_user).get("/api/gradmail/registrations/").json()
    assert [r["student_number"] for r in mine["items"]] == ["2018000001"]


def test_registering_through_the_api(gm, cast, login):
    client = login(cast.sibling_secretary)
    body = {"student_number": gm.last_year.student_number, "building": "学生公寓7号楼", "room": "301",
            "recipient": "往届生", "phone": "13812345678", "address": "山东省青岛市市南区香港中路100号",
            "preferred_from": "2022-06-18", "preferred_to": "2022-06-25"}
    response = client.post(f"/api/gradmail/campaigns/{gm.campaign.pk}/registrations", body,
                           content_type="application/json")
    assert response.status_code == 422 and "不是2022届毕业生" in response.json()["detail"]
    assert not Registration.objects.exists()
    response = client.post(f"/api/gradmail/campaigns/{gm.campaign.pk}/registrations",
                           {**body, "student_number": gm.graduate.student_number}, content_type="application/json")
    assert response.status_code == 201 and response.json()["phone"] == "13812345678"
    unknown = client.post(f"/api/gradmail/campaigns/{gm.campaign.pk}/registrations",
                          {**body, "student_number": "1999000000"}, content_type="application/json")
    assert unknown.status_code == 422 and list(unknown.json()["errors"]) == ["student_number"]


def test_the_courier_desk_through_the_api(gm, cast, login):
    reg = register(gm, gm.graduate)
    services_parcels.assignment_run(by=None, campaign=gm.campaign)
    p, = services_parcels.registration_pack(by=None, registration=reg, parcels=[services_parcels.ParcelRow("jd")])
    url = f"/api/gradmail/parcels/{p.pk}/status"
    assert login(cast.reviewer).post(url, {"status": "handed", "tracking_number": "JD0012345678901"},
                                     content_type="application/json").status_code == 403
    volunteer = login(cast.member_user)
    signed = volunteer.post(f"/api/gradmail/shifts/{gm.s7.pk}/signups")
    assert signed.status_code == 201 and signed.json()["hours"] == 3.0
    bad = volunteer.post(url, {"status": "handed", "tracking_number": "SF123456789012"},
                         content_type="application/json")
    assert bad.status_code == 422 and "不符合京东物流的格式" in bad.json()["detail"]
    assert any("不符合京东物流的格式" in m for m in bad.json()["errors"]["tracking_number"])
    assert Parcel.objects.get(pk=p.pk).status == "packed"
    ok = volunteer.post(url, {"status": "handed", "tracking_number": "JD0012345678901"},
                        content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status_label"] == "已寄出"
    listed = login(gm.grad_user).get("/api/gradmail/parcels/").json()["items"]
    assert [x["status"] for x in listed] == ["handed"]


def test_a_full_shift_refuses_through_the_api(gm, cast, login):
    services.shift_signup(by=None, shift=gm.s7, name="甲")
    services.shift_signup(by=None, shift=gm.s7, name="乙")
    response = login(cast.member_user).post(f"/api/gradmail/shifts/{gm.s7.pk}/signups")
    assert response.status_code == 422 and "名额已满" in response.json()["detail"]
