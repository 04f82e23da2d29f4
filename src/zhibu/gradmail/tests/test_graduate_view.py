"""A graduate's own login (no role anywhere) sees only their registration and parcels (我的毕业寄): every other
毕业寄 page sends them there, posts are 404, and the API lists only what is theirs."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse

from zhibu.careers.factories import GraduateFactory
from zhibu.gradmail import services, services_parcels
from zhibu.orgs.factories import grant
from zhibu.orgs.models import Role

from .conftest import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def flow(gm, cast):
    mine = register(gm, gm.graduate, by=gm.grad_user)
    theirs = register(gm, gm.others[0], room="302")
    services_parcels.assignment_run(by=None, campaign=gm.campaign)
    parcels = services_parcels.registration_pack(
        by=None, registration=theirs, parcels=[services_parcels.ParcelRow(courier="sf")]
    )
    signup = services.shift_signup(by=None, shift=gm.s9, name="学生志愿者")
    services.campaign_create(
        by=None,
        org=cast.university,
        year=2023,
        starts_on=dt.date(2023, 6, 10),
        ends_on=dt.date(2023, 6, 30),
        title="示例大学2023届毕业寄",
    )
    return mine, theirs, parcels[0], signup


def test_every_school_page_sends_the_graduate_to_their_own(gm, flow, login):
    mine, theirs, parcel, signup = flow
    c, s = gm.campaign.pk, gm.s7.pk
    client = login(gm.grad_user)
    for url in [
        reverse("gradmail:index"),
        reverse("gradmail:campaign_create"),
        reverse("gradmail:campaign_detail", args=[c]),
        reverse("gradmail:registration_list", args=[c]),
        reverse("gradmail:parcel_desk", args=[c]),
        reverse("gradmail:pickup_list", args=[c]),
        reverse("gradmail:assignment_progress", args=[c]),
        reverse("gradmail:shift_detail", args=[s]),
        reverse("gradmail:shift_edit", args=[s]),
        reverse("gradmail:campaign_trash", args=[c]),
    ]:
        assert client.get(url)["Location"] == reverse("gradmail:mine"), url
    for url in [
        reverse("gradmail:assignment_run", args=[c]),
        reverse("gradmail:shifts_create", args=[c]),
        reverse("gradmail:shift_signup", args=[s]),
        reverse("gradmail:signup_cancel", args=[signup.pk]),
        reverse("gradmail:parcel_status", args=[parcel.pk]),
        reverse("gradmail:registration_pack", args=[mine.pk]),
        reverse("gradmail:shift_delete", args=[s]),
    ]:
        assert client.post(url, {"name": "冒名", "status": "problem"}).status_code == 404, url
    assert gm.s9.signups.count() == 1 and not mine.parcels.exists()


def test_the_graduate_sees_their_own_registration_and_not_others(gm, flow, login):
    mine, theirs, parcel, _ = flow
    client = login(gm.grad_user)
    body = client.get(reverse("gradmail:mine")).content.decode()
    assert "学生公寓7号楼301" in body and "302" not in body
    detail = client.get(mine.get_absolute_url()).content.decode()
    assert reverse("gradmail:mine") in detail and gm.campaign.get_absolute_url() not in detail
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_the_api_lists_only_what_is_theirs(gm, flow, login):
    mine, theirs, parcel, _ = flow
    client = login(gm.grad_user)
    campaigns = client.get("/api/gradmail/campaigns/").json()
    assert [(x["id"], x["registration_count"]) for x in campaigns["items"]] == [(gm.campaign.pk, 1)]
    assert [r["id"] for r in client.get("/api/gradmail/registrations/").json()["items"]] == [mine.pk]
    assert client.get(f"/api/gradmail/registrations/?campaign={gm.campaign.pk}").json()["count"] == 1
    assert client.get("/api/gradmail/parcels/").json()["count"] == 0
    assert client.get(f"/api/gradmail/shifts/?campaign={gm.campaign.pk}").status_code == 404
    assert client.post(f"/api/gradmail/shifts/{gm.s7.pk}/signups").status_code == 404
    r = client.post(
        f"/api/gradmail/parcels/{parcel.pk}/status",
        {"status": "problem", "problem_note": "x"},
        content_type="application/json",
    )
    assert r.status_code == 404


def test_a_graduate_who_holds_a_role_is_not_narrowed(gm, cast, login):
    grant(gm.grad_user, cast.sibling, Role.Kind.MEMBER)
    client = login(gm.grad_user)
    assert client.get(gm.campaign.get_absolute_url()).status_code == 200
    assert client.get("/api/gradmail/campaigns/").json()["count"] >= 1


def test_the_nav_shows_a_graduate_only_login_nothing_but_their_own(gm, cast, login):
    page = login(gm.grad_user).get("/").content.decode()
    assert reverse("gradmail:mine") in page and "我的毕业寄" in page
    mine = login(gm.grad_user).get(reverse("gradmail:mine")).content.decode()
    assert f'<a href="{reverse("gradmail:mine")}">我的毕业寄</a></li>' not in mine  # no crumb linking to itself
    for hidden in ("组织生活记录", "共建与融合", "数据看板", "回收站", "API 文档"):
        assert hidden not in page, hidden
    other = GraduateFactory(org=cast.sibling, student_number="2018777777", user=cast.sibling_secretary)
    assert other.user_id
    for user in (cast.secretary, cast.sibling_secretary):
        page = login(user).get("/").content.decode()
        assert "组织生活记录" in page and "数据看板" in page


def test_the_graduates_pages_run_a_bounded_number_of_queries(gm, cast, login, django_assert_max_num_queries):
    mine = register(gm, gm.graduate, by=gm.grad_user)
    client = login(gm.grad_user)
    for start, size in ((0, 3), (100, 30)):
        for i in range(start, start + size):
            register(gm, GraduateFactory(org=cast.sibling, student_number=f"2018600{i:03d}"), room=str(i))
        for url, most in (
            (reverse("gradmail:mine"), 11),
            (mine.get_absolute_url(), 12),
            (reverse("gradmail:registration_edit", args=[mine.pk]), 7),
            ("/api/gradmail/campaigns/", 8),
            ("/api/gradmail/registrations/", 8),
        ):
            with django_assert_max_num_queries(most):
                assert client.get(url).status_code == 200, url


def test_the_context_processor_is_lazy_and_right(gm, cast, rf, django_assert_num_queries):
    from zhibu.gradmail.context_processors import graduate_only

    request = rf.get("/")
    request.user = cast.secretary
    with django_assert_num_queries(0):
        flag = graduate_only(request)["graduate_only"]
    assert (
        Template("{% if graduate_only %}仅毕业寄{% endif %}").render(Context({"graduate_only": flag})) == ""
    )
    request.user = gm.grad_user
    assert (
        Template("{% if graduate_only %}仅毕业寄{% endif %}").render(Context(graduate_only(request)))
        == "仅毕业寄"
    )
