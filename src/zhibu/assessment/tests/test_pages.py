"""The pages: scope (outsider 404, member 403 on branch pages, own ledger only), forms, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhibu.assessment import services, services_appraisal
from zhibu.assessment.factories import make_deed, make_voters
from zhibu.assessment.models import Deed

from .conftest import YEAR


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_anonymous_is_sent_to_login(cast, client):
    for url in (reverse("assessment:index"), reverse("assessment:org_overview", args=["U1-WL-JG"]),
                reverse("assessment:ledger", args=[cast.plain_member.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_scope_of_branch_pages(cast, login):
    pages = [reverse("assessment:org_overview", args=["U1-WL-JG"]), reverse("assessment:ranking", args=["U1-WL-JG"]),
             reverse("assessment:ranking_export", args=["U1-WL-JG"])]
    for url in pages:
        assert login(cast.sibling_secretary).get(url).status_code == 404
        assert login(cast.member_user).get(url).status_code == 403
        assert login(cast.secretary).get(url).status_code == 200
        assert login(cast.reviewer).get(url).status_code == 200
    assert login(cast.reviewer).post(reverse("assessment:org_sync", args=["U1-WL-JG"])).status_code == 403


def test_a_member_sees_their_own_ledger_only(cast, login):
    own = reverse("assessment:ledger", args=[cast.plain_member.pk])
    other = reverse("assessment:ledger", args=[cast.sec_member.pk])
    client = login(cast.member_user)
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404
    assert login(cast.secretary).get(own).status_code == 200
    assert login(cast.sibling_secretary).get(own).status_code == 404


def test_deeds_are_seen_by_their_member_and_the_branch(cast, login):
    deed = make_deed(member=cast.sec_member, by=cast.secretary)
    url = reverse("assessment:deed_detail", args=[deed.pk])
    assert login(cast.member_user).get(url).status_code == 404
    assert login(cast.sibling_secretary).get(url).status_code == 404
    page = login(cast.secretary).get(url)
    assert page.status_code == 200 and "/assessment/c/" in page.content.decode()


def test_logging_a_deed_from_the_phone_form(cast, login, media_root):
    client = login(cast.member_user)
    url = reverse("assessment:deed_create")
    bad = client.post(url, {"date": "2025-06-20", "title": "", "category": "gradmail", "hours": "2",
                            "beneficiaries": "3"})
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    response = client.post(url, {"date": "2025-06-20", "title": "毕业寄：打包行李", "category": "gradmail",
                                 "hours": "2.5", "beneficiaries": "3", "beneficiary_note": "毕业生"})
    deed = Deed.objects.get()
    assert response.status_code == 302 and response["Location"] == deed.get_absolute_url()
    assert deed.member == cast.plain_member and deed.hours == 2.5


def test_the_secretary_confirms_and_a_second_click_says_so(cast, login):
    deed = make_deed(member=cast.plain_member, by=cast.member_user)
    client = login(cast.secretary)
    url = reverse("assessment:deed_confirm", args=[deed.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "不能重复确认" in response.content.decode()
    assert login(cast.member_user).post(url).status_code == 403
    deed.refresh_from_db()
    assert deed.confirmed_by == cast.secretary


def test_the_public_confirmation_page(cast, client, monkeypatch):
    deed = make_deed(member=cast.plain_member, by=cast.member_user)
    url = reverse("assessment:deed_confirm_link", args=[services.deed_confirm_token(deed)])
    page = client.get(url)
    assert page.status_code == 200 and deed.title in page.content.decode()
    assert cast.plain_member.id_number not in page.content.decode()
    done = client.post(url, {"name": "王同学", "note": "谢谢"})
    assert "感谢您的确认" in done.content.decode()
    again = client.post(url, {"name": "李同学"})
    assert "无需重复确认" in again.content.decode()
    assert client.get(url[:-3] + "xx/").status_code == 404
    monkeypatch.setattr(services, "CONFIRM_MAX_AGE", dt.timedelta(seconds=-1))
    expired = client.get(url)
    assert expired.status_code == 410 and "已过期" in expired.content.decode()


def test_pledge_from_the_index(cast, login):
    client = login(cast.member_user)
    client.post(reverse("assessment:pledge"), {"year": YEAR})
    page = client.get(reverse("assessment:index") + f"?year={YEAR}")
    assert f"已作出{YEAR}年度承诺" in page.content.decode()


def _grow(cast, n):
    members = make_voters(branch=cast.branch, count=n, prefix=f"g{n}")
    for m in members:
        make_deed(member=m, by=cast.secretary, date=dt.date(YEAR, 5, 1))
        make_deed(member=m, by=cast.secretary, date=dt.date(YEAR, 5, 2), confirm_by=cast.organiser)
    return members


@pytest.mark.parametrize("who,url_name", [
    ("secretary", "org_overview"), ("secretary", "ranking"), ("member_user", "index"), ("secretary", "index"),
    ("member_user", "ledger"), ("organiser", "ranking"),
])
def test_pages_run_a_bounded_number_of_queries(cast, login, who, url_name):
    args = {"org_overview": ["U1-WL-JG"], "ranking": ["U1-WL-JG"], "index": [],
            "ledger": [cast.plain_member.pk]}[url_name]
    url = reverse(f"assessment:{url_name}", args=args) + f"?year={YEAR}"
    client = login(getattr(cast, who))
    _grow(cast, 2)
    make_deed(member=cast.plain_member, by=cast.member_user, date=dt.date(YEAR, 3, 1))
    small = _queries(client, url)
    _grow(cast, 6)
    for i in range(4):
        make_deed(member=cast.plain_member, by=cast.member_user, date=dt.date(YEAR, 3, 2 + i),
                  confirm_by=cast.secretary)
    assert _queries(client, url) == small <= 25


def test_appraisal_pages_run_a_bounded_number_of_queries(cast, login):
    small_voters = make_voters(branch=cast.branch, count=2)
    a = services_appraisal.appraisal_open(by=cast.secretary, org=cast.branch, year=YEAR)
    url = reverse("assessment:appraisal_detail", args=[a.pk])
    counts = [_queries(login(cast.member_user), url), _queries(login(cast.secretary), url)]
    services_appraisal.appraisal_close(by=cast.secretary, appraisal=a)
    counts.append(_queries(login(cast.secretary), url))
    a.delete()
    make_voters(branch=cast.branch, count=8, prefix="more")
    b = services_appraisal.appraisal_open(by=cast.secretary, org=cast.branch, year=YEAR)
    url = reverse("assessment:appraisal_detail", args=[b.pk])
    again = [_queries(login(cast.member_user), url), _queries(login(cast.secretary), url)]
    services_appraisal.appraisal_close(by=cast.secretary, appraisal=b)
    again.append(_queries(login(cast.secretary), url))
    assert again == counts and max(counts) <= 30
    assert small_voters


def test_voting_and_deciding_through_the_pages(cast, voters, login):
    a = services_appraisal.appraisal_open(by=cast.secretary, org=cast.branch, year=YEAR)
    members = [cast.sec_member, cast.plain_member, *voters]
    url = reverse("assessment:appraisal_detail", args=[a.pk])
    assert login(cast.sibling_secretary).get(url).status_code == 404
    client = login(cast.member_user)
    assert "提交选票" in client.get(url).content.decode()
    partial = client.post(reverse("assessment:appraisal_vote", args=[a.pk]),
                          {f"grade-{members[0].pk}": "excellent"})
    assert partial.status_code == 422 and "请为" in partial.content.decode()
    ballot = {f"grade-{m.pk}": "qualified" for m in members if m != cast.plain_member}
    assert client.post(reverse("assessment:appraisal_vote", args=[a.pk]), ballot).status_code == 302
    assert "您已投票" in client.get(url).content.decode()
    again = client.post(reverse("assessment:appraisal_vote", args=[a.pk]), ballot)
    assert again.status_code == 422 and "只能投一次" in again.content.decode()
    sec = login(cast.secretary)
    assert sec.post(reverse("assessment:appraisal_close", args=[a.pk])).status_code == 302
    grades = {f"decide-{m.pk}": "excellent" for m in members}
    refused = sec.post(reverse("assessment:appraisal_decide", args=[a.pk]), grades)
    assert refused.status_code == 422 and "优秀至多2名" in refused.content.decode()
    grades = {f"decide-{m.pk}": "qualified" for m in members}
    assert sec.post(reverse("assessment:appraisal_decide", args=[a.pk]), grades).status_code == 302
    assert "已锁定" in sec.get(url).content.decode()
    export = sec.get(reverse("assessment:appraisal_export", args=[a.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
