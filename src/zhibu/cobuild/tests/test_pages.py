"""Co-building pages for the cast: who sees what (outside: 404), who may write (read-only: 403), forms that
say what is wrong, and query counts that do not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhibu.cobuild import services
from zhibu.cobuild.factories import make_partnership, make_unit
from zhibu.cobuild.models import Activity, ExternalUnit, Outcome, Partnership
from zhibu.meetings.factories import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who, status", [
    ("secretary", 200), ("member_user", 200), ("sibling_secretary", 200), ("organiser", 200), ("reviewer", 200),
])
def test_partnership_page_is_scoped(co, cast, login, who, status):
    body = login(getattr(cast, who)).get(reverse("cobuild:partnership_detail", args=[co.fs.pk]))
    assert body.status_code == status


def test_the_sibling_sees_its_own_partnership_but_not_the_branchs_others(co, cast, login):
    client = login(cast.sibling_secretary)
    assert client.get(reverse("cobuild:partnership_detail", args=[co.ce.pk])).status_code == 404
    assert client.get(reverse("cobuild:org_overview", args=[cast.branch.code])).status_code == 404
    body = client.get(reverse("cobuild:org_overview", args=[cast.sibling.code])).content.decode()
    assert co.fs.title in body and co.ce.title not in body


def test_outsiders_get_404_everywhere(co, cast, login):
    client = login(cast.sibling_secretary)
    for url in [reverse("cobuild:partnership_detail", args=[co.bm.pk]),
                reverse("cobuild:activity_create", args=[co.ce.pk]),
                reverse("cobuild:outcome_create", args=[co.ce.pk]),
                reverse("cobuild:partnership_create", args=[cast.branch.code])]:
        assert client.get(url).status_code == 404, url


def test_read_only_roles_get_403_on_writes(co, cast, login):
    for user in (cast.member_user, cast.reviewer):
        client = login(user)
        assert client.get(reverse("cobuild:partnership_create", args=[cast.branch.code])).status_code == 403
        assert client.get(reverse("cobuild:outcome_create", args=[co.ce.pk])).status_code == 403
        response = client.post(reverse("cobuild:outcome_create", args=[co.ce.pk]),
                               {"kind": "training", "title": "x", "quantity": 1, "occurred_on": "2022-05-01"})
        assert response.status_code == 403
    assert not Outcome.objects.exists()


def test_anonymous_is_sent_to_login(co, client):
    for url in [reverse("cobuild:index"), reverse("cobuild:partnership_detail", args=[co.bm.pk])]:
        assert client.get(url)["Location"].startswith("/login/")


def test_contact_phones_are_masked_for_read_only_roles(co, cast, login):
    services.partnership_update(by=None, partnership=co.ce, contacts=[
        services.ContactRow(side="partner", name="王经理", phone="13812345678")])
    url = reverse("cobuild:partnership_detail", args=[co.ce.pk])
    assert "13812345678" in login(cast.secretary).get(url).content.decode()
    body = login(cast.member_user).get(url).content.decode()
    assert "13812345678" not in body and "138****5678" in body


def test_recording_a_partnership_through_the_form(cast, login):
    unit = make_unit()
    client = login(cast.secretary)
    response = client.post(reverse("cobuild:partnership_create", args=[cast.branch.code]), {
        "kind": "campus_external", "external_unit": unit.credit_code, "starts_on": "2022-03-01", "goals": "技术支持",
        "contact-side": ["campus", "partner"], "contact-name": ["陈立华", "王经理"],
        "contact-title": ["书记", ""], "contact-phone": ["", "010-62345678"],
    })
    p = Partnership.objects.get()
    assert response.status_code == 302 and response["Location"] == p.get_absolute_url()
    assert p.contacts.count() == 2


def test_the_form_says_what_is_wrong(cast, login):
    response = login(cast.secretary).post(reverse("cobuild:partnership_create", args=[cast.branch.code]), {
        "kind": "faculty_student", "partner_org": cast.sibling.pk, "starts_on": "2022-03-01",
        "ends_on": "2021-01-01"})
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Partnership.objects.exists()


def test_recording_an_activity_and_an_outcome_through_the_forms(co, cast, login):
    client = login(cast.secretary)
    response = client.post(reverse("cobuild:activity_create", args=[co.ce.pk]), {
        "title": "“招不进人、留不住人”专题研讨", "starts_at": "2022-05-10T14:00", "ends_at": "2022-05-10T16:00",
        "attendance": [cast.sec_member.pk], "partner_names": "王经理，人力资源部经理\n李主管", "partner_count": "",
    })
    assert response.status_code == 302
    a = Activity.objects.get()
    assert (a.campus_count, a.partner_count) == (1, 2)
    response = client.post(reverse("cobuild:outcome_create", args=[co.ce.pk]), {
        "kind": "jobs_opened", "title": "新增物流规划岗位", "quantity": 12, "occurred_on": "2022-06-01"})
    assert response.status_code == 302
    body = client.get(reverse("cobuild:partnership_detail", args=[co.ce.pk])).content.decode()
    assert "招不进人、留不住人" in body and "新增物流规划岗位" in body and "12个" in body


def test_an_activity_without_the_partners_side_is_refused_next_to_the_field(co, cast, login):
    response = login(cast.secretary).post(reverse("cobuild:activity_create", args=[co.ce.pk]), {
        "title": "研讨", "starts_at": "2022-05-10T14:00", "ends_at": "2022-05-10T16:00",
        "attendance": [cast.sec_member.pk]})
    assert response.status_code == 200
    assert "请登记共建方" in response.content.decode()
    assert not Activity.objects.exists()


def test_overview_counts_the_three_mechanisms(co, cast, login):
    services.activity_record(by=None, partnership=co.ce, title="研讨", starts_at=at("2022-05-10"),
                             ends_at=at("2022-05-10", 17), attendance=[cast.sec_member.pk], partner_count=3)
    services.outcome_record(by=None, partnership=co.ce, kind="technical_support", title="技术支持",
                            occurred_on=dt.date(2022, 6, 1))
    response = login(cast.secretary).get(reverse("cobuild:org_overview", args=[cast.branch.code]))
    overview = response.context["overview"]
    counts = {m["kind"]: (m["partnerships"], m["activities"], m["outcomes"]) for m in overview["mechanisms"]}
    assert counts == {"branch_major": (1, 0, 0), "faculty_student": (1, 0, 0), "campus_external": (1, 1, 1)}
    assert overview["last_activity"] == dt.date(2022, 5, 10)
    assert 'id="cobuild-chart"' in response.content.decode()


def test_unit_registration_page_refuses_a_wrong_check_character(cast, login):
    response = login(cast.secretary).post(reverse("cobuild:unit_create"), {
        "name": "某公司", "credit_code": "91350100M000100Y44", "kind": "enterprise", "city": "北京",
        "has_party_branch": "on", "party_branch_name": "某公司党支部"})
    assert "校验位错误（按前17位计算应为3）" in response.content.decode()
    assert not ExternalUnit.objects.exists()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["overview", "detail", "home", "units", "majors"])
def test_query_counts_do_not_grow_with_the_data(co, cast, login, name):
    client = login(cast.secretary)
    url = {"overview": reverse("cobuild:org_overview", args=[cast.branch.code]),
           "detail": reverse("cobuild:partnership_detail", args=[co.ce.pk]),
           "home": reverse("cobuild:index"), "units": reverse("cobuild:unit_list"),
           "majors": reverse("cobuild:major_list")}[name]
    before = _count(client, url)
    for n in range(8):
        unit = make_unit(name=f"企业{n}")
        p = make_partnership(org=cast.branch, kind=Partnership.Kind.CAMPUS_EXTERNAL, external_unit=unit)
        for k in range(2):
            services.activity_record(by=None, partnership=co.ce if k else p, title=f"活动{n}-{k}",
                                     starts_at=at("2022-05-10"), ends_at=at("2022-05-10", 17),
                                     attendance=[cast.sec_member.pk], partner_count=2)
            services.outcome_record(by=None, partnership=co.ce, kind="training", title=f"成果{n}-{k}",
                                    occurred_on=dt.date(2022, 6, 1))
    assert _count(client, url) <= before


def test_the_unit_box_searches_units_by_name_or_code_and_names_an_unknown_code(cast, login):
    unit = make_unit(name="链通物流有限公司", party_branch_name="链通物流有限公司党支部")
    make_unit(name="京畿数据服务有限公司", party_branch_name="京畿数据服务有限公司党支部")
    client = login(cast.secretary)
    options = client.get(reverse("cobuild:unit_options") + "?external_unit=链通").content.decode()
    assert unit.credit_code in options and "京畿" not in options
    assert "链通物流有限公司" in client.get(reverse("cobuild:unit_options") + f"?q={unit.credit_code}").content.decode()
    response = client.post(reverse("cobuild:partnership_create", args=[cast.branch.code]), {
        "kind": "campus_external", "external_unit": "91110105MA00000000", "starts_on": "2022-03-01"})
    assert "没有找到统一社会信用代码为91110105MA00000000的校外单位" in response.content.decode()
    assert not Partnership.objects.exists()


def test_the_unit_box_shows_a_bounded_list_whatever_the_registry_holds(cast, login, django_assert_max_num_queries):
    for i in range(25):
        make_unit(name=f"测试单位{i:02d}有限公司", party_branch_name=f"测试单位{i:02d}有限公司党支部")
    client = login(cast.secretary)
    client.get(reverse("cobuild:unit_options") + "?q=测试")
    with django_assert_max_num_queries(6):
        body = client.get(reverse("cobuild:unit_options") + "?q=测试").content.decode()
    assert body.count("<option") == 20
    page = client.get(reverse("cobuild:partnership_create", args=[cast.branch.code])).content.decode()
    assert page.count("<option value=\"9") <= 20
