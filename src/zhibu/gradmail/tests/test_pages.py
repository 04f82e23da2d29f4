"""毕业寄 pages for the cast: who sees what (outside: 404), who may act (read-only: 403), masking of recipients'
phones and addresses, the desk's htmx updates, the pickup list, and query counts that do not grow with data."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from zhibu.careers.factories import GraduateFactory
from zhibu.gradmail import services, services_parcels
from zhibu.gradmail.models import Parcel, Registration, Shift
from zhibu.orgs.factories import UserFactory, grant
from zhibu.orgs.models import Role

from .conftest import register

pytestmark = pytest.mark.django_db
D = dt.date
PHONE, ADDRESS = "13812345678", "山东省青岛市市南区香港中路100号3单元501"


@pytest.fixture
def outsider(cast):
    user = UserFactory(username="econ")
    grant(user, cast.other_branch, Role.Kind.SECRETARY)
    return user


def _flow(gm, cast):
    reg = register(gm, gm.graduate)
    services_parcels.assignment_run(by=None, campaign=gm.campaign)
    reg.refresh_from_db()
    parcels = services_parcels.registration_pack(by=None, registration=reg, parcels=[
        services_parcels.ParcelRow(courier="sf"), services_parcels.ParcelRow(courier="sf")])
    return reg, parcels


def test_anonymous_is_sent_to_login(gm, client):
    for url in [reverse("gradmail:index"), reverse("gradmail:campaign_detail", args=[gm.campaign.pk]),
                reverse("gradmail:mine")]:
        assert client.get(url)["Location"].startswith("/login/")
    assert client.get("/api/gradmail/campaigns/").status_code == 401


def test_the_campaign_is_seen_inside_its_school_and_above_it(gm, cast, login, outsider):
    url = reverse("gradmail:campaign_detail", args=[gm.campaign.pk])
    for user in (cast.secretary, cast.member_user, cast.sibling_secretary, cast.organiser, cast.reviewer):
        assert login(user).get(url).status_code == 200, user
    assert login(gm.grad_user).get(url)["Location"] == reverse("gradmail:mine")  # a graduate sees only their own
    assert login(outsider).get(url).status_code == 404
    assert gm.campaign.title not in login(outsider).get(reverse("gradmail:index")).content.decode()


def test_registrations_are_seen_by_the_graduates_branch_and_the_graduate(gm, cast, login, outsider):
    reg = register(gm, gm.graduate)
    url = reg.get_absolute_url()
    for user in (cast.sibling_secretary, cast.organiser, cast.reviewer, gm.grad_user):
        assert login(user).get(url).status_code == 200, user
    for user in (outsider, cast.member_user, cast.secretary):
        assert login(user).get(url).status_code == 404, user
    other = register(gm, gm.others[0], room="302")
    assert login(gm.grad_user).get(other.get_absolute_url()).status_code == 404


def test_phones_and_addresses_are_masked_except_to_those_handling_them(gm, cast, login):
    reg = register(gm, gm.graduate)
    url = reg.get_absolute_url()
    for user in (cast.sibling_secretary, cast.organiser, gm.grad_user):
        body = login(user).get(url).content.decode()
        assert PHONE in body and ADDRESS in body, user
    body = login(cast.reviewer).get(url).content.decode()
    assert PHONE not in body and "138****5678" in body
    assert ADDRESS not in body and "山东省青岛市****" in body
    body = login(cast.reviewer).get(reverse("gradmail:registration_list", args=[gm.campaign.pk])).content.decode()
    assert PHONE not in body and ADDRESS not in body and "138****5678" in body
    # A volunteer of the registration's shift handles it; of another shift, not.
    services_parcels.assignment_run(by=None, campaign=gm.campaign)
    services.shift_signup(by=cast.member_user, shift=gm.s9, member=cast.plain_member)
    body = login(cast.member_user).get(url).content.decode()
    assert PHONE not in body and ADDRESS not in body
    services.shift_signup(by=cast.member_user, shift=gm.s7, member=cast.plain_member)
    body = login(cast.member_user).get(url).content.decode()
    assert PHONE in body and ADDRESS in body


def test_api_masks_like_the_pages(gm, cast, login):
    register(gm, gm.graduate)
    items = login(cast.reviewer).get(f"/api/gradmail/registrations/?campaign={gm.campaign.pk}").json()["items"]
    assert items[0]["phone"] == "138****5678" and ADDRESS not in items[0]["address"]
    items = login(cast.sibling_secretary).get("/api/gradmail/registrations/").json()["items"]
    assert items[0]["phone"] == PHONE and items[0]["address"] == ADDRESS


def test_read_only_roles_get_403_on_writes(gm, cast, login):
    for user in (cast.reviewer, cast.member_user, cast.sibling_secretary):
        client = login(user)
        assert client.post(reverse("gradmail:assignment_run", args=[gm.campaign.pk])).status_code == 403
        assert client.post(reverse("gradmail:shifts_create", args=[gm.campaign.pk]), {
            "date_from": "2022-06-22", "date_to": "2022-06-22", "slots": ["morning"], "buildings": "1号楼",
            "capacity": 2, "quota": 2}).status_code == 403
    assert Shift.objects.count() == 2
    reg, (p1, _) = _flow(gm, cast)
    response = login(cast.reviewer).post(reverse("gradmail:parcel_status", args=[p1.pk]),
                                         {"status": "handed", "tracking_number": "SF123456789012"})
    assert response.status_code == 403
    assert login(cast.reviewer).get(reverse("gradmail:pickup_list", args=[gm.campaign.pk])).status_code == 403


def test_staff_register_a_graduate_through_the_form_and_outsiders_are_refused(gm, cast, login):
    client = login(cast.sibling_secretary)
    url = reverse("gradmail:registration_create", args=[gm.campaign.pk])
    data = {"student_number": gm.last_year.student_number, "building": "学生公寓7号楼", "room": "302",
            "parcels_estimated": 3, "recipient": "往届生", "phone": PHONE, "address": ADDRESS,
            "preferred_from": "2022-06-18", "preferred_to": "2022-06-25", "courier": "sf"}
    body = client.post(url, data).content.decode()
    assert "不是2022届毕业生，不能登记本次毕业寄" in body and 'value="302"' in body
    body = client.post(url, {**data, "student_number": gm.outsider.student_number}).content.decode()
    assert "没有找到学号为2018999999的毕业生" in body
    assert not Registration.objects.exists()
    organiser_body = login(cast.organiser).post(url, {**data, "student_number": gm.outsider.student_number})
    assert "学号2018999999的高远不是物流学院党委的毕业生" in organiser_body.content.decode()
    response = login(cast.sibling_secretary).post(url, {**data, "student_number": gm.others[0].student_number})
    reg = Registration.objects.get()
    assert response["Location"] == reg.get_absolute_url() and reg.graduate == gm.others[0]


def test_the_graduate_registers_themself(gm, login):
    client = login(gm.grad_user)
    body = client.get(reverse("gradmail:mine")).content.decode()
    assert "我要登记" in body
    url = reverse("gradmail:registration_create", args=[gm.campaign.pk]) + "?own=1"
    assert "student_number" not in client.get(url).content.decode()
    response = client.post(url, {"building": "学生公寓 7号楼", "room": "301", "parcels_estimated": 2,
                                 "recipient": "李明", "phone": PHONE, "address": ADDRESS,
                                 "preferred_from": "2022-06-18", "preferred_to": "2022-06-25"})
    assert response["Location"] == reverse("gradmail:mine")
    reg = Registration.objects.get()
    assert reg.graduate == gm.graduate and reg.building == "学生公寓7号楼"


def test_signing_up_over_capacity_on_the_page(gm, cast, login):
    url = reverse("gradmail:shift_signup", args=[gm.s7.pk])
    services.shift_signup(by=None, shift=gm.s7, name="甲")
    services.shift_signup(by=None, shift=gm.s7, name="乙")
    response = login(cast.member_user).post(url, follow=True)
    assert "志愿者名额已满（2/2），未能报名" in response.content.decode()
    assert gm.s7.signups.count() == 2
    login(cast.member_user).post(reverse("gradmail:shift_signup", args=[gm.s9.pk]))
    assert gm.s9.signups.get().member == cast.plain_member


def test_the_desk_updates_a_parcel_with_htmx(gm, cast, login):
    reg, (p1, _) = _flow(gm, cast)
    client = login(cast.organiser)
    url = reverse("gradmail:parcel_status", args=[p1.pk])
    body = client.post(url, {"status": "handed", "courier": "sf", "tracking_number": "SF1234"},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "不符合顺丰速运的格式" in body and 'value="SF1234"' in body and body.startswith("<tr")
    assert Parcel.objects.get(pk=p1.pk).status == "packed"
    body = client.post(url, {"status": "handed", "courier": "sf", "tracking_number": "SF123456789012"},
                       HTTP_HX_REQUEST="true").content.decode()
    assert "已寄出" in body and "SF123456789012" in body
    assert Parcel.objects.get(pk=p1.pk).handed_on is not None


def test_the_pickup_list(gm, cast, login):
    reg, parcels = _flow(gm, cast)
    response = login(cast.organiser).get(reverse("gradmail:pickup_list", args=[gm.campaign.pk]) + "?courier=sf")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("序号", "楼栋", "房间", "学号")
    assert rows[2][1:6] == ("学生公寓7号楼", "301", "2018000001", "李明", 1)
    assert rows[2][9] == PHONE and rows[3][5] == 2
    assert "共2件" in rows[-1][0]


def test_the_graduate_sees_their_parcels_sent(gm, cast, login):
    reg, (p1, p2) = _flow(gm, cast)
    for p, n in ((p1, "SF123456789012"), (p2, "SF123456789013")):
        services_parcels.parcel_update(by=None, parcel=p, status="handed", tracking_number=n)
    body = login(gm.grad_user).get(reverse("gradmail:mine")).content.decode()
    assert body.count("已寄出") >= 3  # the registration and both parcels
    assert "SF123456789012" in body and PHONE in body


def test_the_campaign_page_shows_the_run_and_fill_levels(gm, cast, login):
    register(gm, gm.graduate)
    register(gm, gm.others[0], building="学生公寓3号楼", room="101")
    client = login(cast.organiser)
    response = client.post(reverse("gradmail:assignment_run", args=[gm.campaign.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and "#assignment" in response["HX-Redirect"]
    body = client.get(reverse("gradmail:campaign_detail", args=[gm.campaign.pk])).content.decode()
    assert "安排<strong>1</strong>份，未能安排<strong>1</strong>份" in body
    assert "所在楼栋没有安排班次：1份" in body
    assert "1/3" in body  # one of s7's three places taken
    body = client.get(reverse("gradmail:registration_list", args=[gm.campaign.pk]) + "?status=registered")
    assert "楼栋“学生公寓3号楼”没有安排班次" in body.content.decode()
    assert client.get(reverse("gradmail:assignment_progress", args=[gm.campaign.pk])).status_code == 200


def _grow(gm, cast, n: int, start: int):
    for i in range(n):
        g = GraduateFactory(org=cast.sibling, student_number=f"2018{start + i:06d}")
        reg = register(gm, g, room=str(start + i))
        services_parcels.registration_pack(by=None, registration=reg, parcels=[services_parcels.ParcelRow("sf")])
        services.shift_create(by=None, campaign=gm.campaign, date=D(2022, 6, 22), slot="morning",
                              building=f"楼{start + i}")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_data(gm, cast, login):
    services.shift_signup(by=cast.member_user, shift=gm.s7, member=cast.plain_member)
    _grow(gm, cast, 2, 500)
    c = gm.campaign.pk
    urls = [reverse("gradmail:index"), reverse("gradmail:campaign_detail", args=[c]),
            reverse("gradmail:registration_list", args=[c]), reverse("gradmail:parcel_desk", args=[c]),
            reverse("gradmail:shift_detail", args=[gm.s7.pk]), reverse("gradmail:pickup_list", args=[c]),
            "/api/gradmail/campaigns/", f"/api/gradmail/shifts/?campaign={c}",
            f"/api/gradmail/registrations/?campaign={c}", f"/api/gradmail/parcels/?campaign={c}"]
    users = {"organiser": cast.organiser, "volunteer": cast.member_user}
    before = {(who, u): _count(login(user), u) for who, user in users.items() for u in urls
              if who == "organiser" or "pickup" not in u}
    _grow(gm, cast, 6, 600)
    after = {(who, u): _count(login(users[who]), u) for who, u in before}
    assert before == after
    grad = login(gm.grad_user)
    first = _count(grad, reverse("gradmail:mine"))
    _grow(gm, cast, 1, 700)
    assert _count(grad, reverse("gradmail:mine")) == first
