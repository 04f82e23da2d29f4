"""The API: deeds (list, create, confirm), points (totals, ledger), appraisals (results only when closed)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.assessment import services_appraisal
from zhibu.assessment.factories import make_deed, make_voters

from .conftest import YEAR


def test_anonymous_gets_401(cast, client):
    for url in ("/api/deeds/", "/api/points/?org=U1-WL-JG", f"/api/points/{cast.plain_member.pk}",
                "/api/appraisals/"):
        assert client.get(url).status_code == 401


def test_deeds_list_create_confirm(cast, login):
    client = login(cast.member_user)
    created = client.post("/api/deeds/", {"date": "2025-06-20", "title": "毕业寄", "category": "gradmail",
                                          "hours": "3", "beneficiaries": 5}, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    deed_id = created.json()["id"]
    bad = client.post("/api/deeds/", {"date": "2099-06-20", "title": "x", "category": "gradmail", "hours": "3"},
                      content_type="application/json")
    assert bad.status_code == 422 and "date" in bad.json()["errors"]
    assert client.post(f"/api/deeds/{deed_id}/confirm", {}, content_type="application/json").status_code == 403
    sec = login(cast.secretary)
    assert sec.post(f"/api/deeds/{deed_id}/confirm", {}, content_type="application/json").json()["status"] == "confirmed"
    twice = sec.post(f"/api/deeds/{deed_id}/confirm", {}, content_type="application/json")
    assert twice.status_code == 422 and "不能重复确认" in twice.json()["detail"]
    listed = sec.get("/api/deeds/?org=U1-WL-JG&year=2025").json()
    assert listed["count"] == 1 and listed["items"][0]["confirmed_via"] == "secretary"
    assert login(cast.sibling_secretary).get("/api/deeds/?org=U1-WL-JG").status_code == 404
    assert login(cast.sibling_secretary).get("/api/deeds/").json()["count"] == 0
    assert login(cast.sibling_secretary).post(f"/api/deeds/{deed_id}/confirm", {},
                                              content_type="application/json").status_code == 404


def test_points_totals_and_ledger(cast, login):
    make_deed(member=cast.plain_member, hours="4", confirm_by=cast.secretary)
    sec = login(cast.secretary)
    rows = sec.get(f"/api/points/?org=U1-WL-JG&year={YEAR}").json()
    mine = next(r for r in rows["items"] if r["member_id"] == cast.plain_member.pk)
    assert float(mine["total"]) == 62 and mine["rank"] == 1 and float(mine["rules"]["deed_hour"]) == 2
    assert login(cast.member_user).get(f"/api/points/?org=U1-WL-JG&year={YEAR}").status_code == 403
    assert login(cast.sibling_secretary).get(f"/api/points/?org=U1-WL-JG&year={YEAR}").status_code == 404
    ledger = login(cast.member_user).get(f"/api/points/{cast.plain_member.pk}?year={YEAR}").json()
    assert float(ledger["total"]) == 62 and {ln["rule_code"] for ln in ledger["lines"]} == {"base", "deed-hour"}
    assert login(cast.member_user).get(f"/api/points/{cast.sec_member.pk}?year={YEAR}").status_code == 404


def test_appraisals_show_results_only_when_closed(cast, login, voters):
    a = services_appraisal.appraisal_open(by=cast.secretary, org=cast.branch, year=YEAR)
    client = login(cast.member_user)
    detail = client.get(f"/api/appraisals/{a.pk}").json()
    assert detail["status"] == "open" and all(c["votes"] is None for c in detail["candidates"])
    services_appraisal.appraisal_close(by=cast.secretary, appraisal=a)
    detail = client.get(f"/api/appraisals/{a.pk}").json()
    assert all(c["votes"] == {"excellent": 0, "qualified": 0, "basic": 0, "unqualified": 0}
               for c in detail["candidates"])
    assert client.get("/api/appraisals/").json()["count"] == 1
    assert login(cast.sibling_secretary).get(f"/api/appraisals/{a.pk}").status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_api_query_counts_do_not_grow(cast, login):
    sec = login(cast.secretary)
    urls = ["/api/deeds/?org=U1-WL-JG", f"/api/points/?org=U1-WL-JG&year={YEAR}",
            f"/api/points/{cast.plain_member.pk}?year={YEAR}", "/api/appraisals/"]
    make_voters(branch=cast.branch, count=2)
    make_deed(member=cast.plain_member, confirm_by=cast.secretary)
    services_appraisal.appraisal_open(by=cast.secretary, org=cast.branch, year=YEAR)
    small = [_count(sec, u) for u in urls]
    for m in make_voters(branch=cast.branch, count=6, prefix="more"):
        make_deed(member=m, confirm_by=cast.secretary)
    for i in range(3):
        make_deed(member=cast.plain_member, date=dt.date(2025, 7, i + 1), confirm_by=cast.secretary)
    services_appraisal.appraisal_open(by=cast.secretary, org=cast.branch, year=YEAR - 1)
    assert [_count(sec, u) for u in urls] == small
    assert max(small) <= 20
