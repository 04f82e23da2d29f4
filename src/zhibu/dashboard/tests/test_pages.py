"""Dashboard pages for the cast: which scope each user lands on, who sees what (outside: 404), the year
selector, the big screen, and query counts that do not grow with the data."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _page_data(response) -> dict:
    body = response.content.decode()
    start = body.index('id="zb-dashboard-data"')
    start = body.index(">", start) + 1
    return json.loads(body[start:body.index("</script>", start)])


@pytest.mark.parametrize("who, code", [
    ("organiser", "U1"), ("secretary", "U1-WL-JG"), ("member_user", "U1-WL-JG"), ("sibling_secretary", "U1-WL-XS"),
    ("reviewer", "M-ZZB"), ("admin", "M-ZZB"),
])
def test_index_opens_the_users_top_scope(cast, login, who, code):
    response = login(getattr(cast, who)).get(reverse("dashboard:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:scope", args=[code]) + f"?year={timezone.localdate().year}"


def test_index_switches_scope_and_keeps_the_year(cast, login):
    response = login(cast.organiser).get(reverse("dashboard:index"), {"org": "U1-WL", "year": YEAR})
    assert response["Location"] == reverse("dashboard:scope", args=["U1-WL"]) + f"?year={YEAR}"


def test_index_without_roles_is_404_and_anonymous_goes_to_login(cast, login, client):
    assert client.get(reverse("dashboard:index"))["Location"].startswith("/login/")
    assert client.get(reverse("dashboard:scope", args=["U1"]))["Location"].startswith("/login/")
    assert client.get(reverse("dashboard:screen", args=["U1"]))["Location"].startswith("/login/")
    nobody = get_user_model().objects.create_user("nobody", password="pw-test-123")
    assert login(nobody).get(reverse("dashboard:index")).status_code == 404


def test_outsiders_get_404(cast, login):
    client = login(cast.sibling_secretary)
    for url in [reverse("dashboard:scope", args=["U1-WL-JG"]), reverse("dashboard:screen", args=["U1-WL-JG"]),
                reverse("dashboard:scope", args=["U1"]), reverse("dashboard:index") + "?org=U1-WL-JG"]:
        assert client.get(url).status_code == 404, url
    assert login(cast.secretary).get(reverse("dashboard:scope", args=["U1-WL-JG-1"])).status_code == 404  # a group


def test_the_university_dashboard(dash, cast, login):
    response = login(cast.organiser).get(reverse("dashboard:scope", args=["U1"]), {"year": YEAR})
    assert response.status_code == 200
    body = response.content.decode()
    assert "中共示例大学委员会 · 数据看板" in body and "大屏模式" in body
    data = _page_data(response)
    assert data["year"] == YEAR and list(data["charts"]) == ["members", "compliance", "strengths", "ranking", "cases",
                                                              "reach", "careers", "deeds"]
    members = data["charts"]["members"]
    assert members["total"] == 4 and members["party_members"] == 4
    assert "/members/?org=U1&status=full&occupation=teacher" in [d["url"] for s in members["series"] for d in s["data"]]
    compliance = data["charts"]["compliance"]
    assert compliance["mode"] == "rate" and compliance["rows"] == ["物流学院党委", "经管学院党委"]
    assert compliance["data"][0][4].startswith("/compliance/orgs/U1-WL/?start=2025-01&end=2025-01")
    cases = {d["status"]: d for d in data["charts"]["cases"]["data"]}
    assert cases["published"]["value"] == 1 and cases["published"]["url"] == "/methods/?status=published&org=U1"
    reach = data["charts"]["reach"]
    assert reach["adoptions"] == 1 and reach["data"][0]["url"] == reverse("methods:case_detail", args=[dash.case.pk])
    careers = data["charts"]["careers"]
    assert (careers["graduates"], careers["placed"], careers["rate"]) == (3, 2, 66.7)
    assert [r["name"] for r in careers["rows"]] == ["物流学院党委"]
    deeds = data["charts"]["deeds"]
    assert deeds["deeds"] == 1 and deeds["beneficiaries"] == 5 and deeds["months"][4]["deeds"] == 1
    kpis = {k["code"]: k for k in data["kpis"]}
    assert kpis["careers"]["value"] == "66.7%" and kpis["strengths"]["note"] == "3个支部"


def test_the_branch_dashboard_links_cells_to_its_meetings(dash, cast, login):
    data = _page_data(login(cast.secretary).get(reverse("dashboard:scope", args=["U1-WL-JG"]), {"year": YEAR}))
    compliance = data["charts"]["compliance"]
    assert compliance["mode"] == "status" and "主题党日" in compliance["rows"]
    y = compliance["rows"].index("主题党日")
    march = next(c for c in compliance["data"] if c[0] == 2 and c[1] == y)
    assert march[2] == 1  # met
    assert march[4] == "/meetings/?org=U1-WL-JG&kind=theme_day&date_from=2025-03-01&date_to=2025-03-31"
    radar = data["charts"]["strengths"]
    assert radar["kind"] == "radar" and len(radar["indicators"]) == 7
    assert radar["series"][0]["name"] == cast.branch.display_name and len(radar["series"][0]["value"]) == 7


def test_breadcrumb_and_scope_switch(dash, cast, login):
    body = login(cast.organiser).get(reverse("dashboard:scope", args=["U1-WL"]), {"year": YEAR}).content.decode()
    assert f'href="{reverse("dashboard:scope", args=["U1"])}?year={YEAR}">示例大学党委</a>' in body
    assert '<option value="U1-WL-JG">物流管理专业教工党支部</option>' in body
    assert '<optgroup label="上级组织"><option value="U1">示例大学党委</option>' in body


def test_year_selector_falls_back_to_this_year(cast, login):
    client = login(cast.secretary)
    this = timezone.localdate().year
    for value in ["1999", "abc", str(this + 5)]:
        data = _page_data(client.get(reverse("dashboard:scope", args=["U1-WL-JG"]), {"year": value}))
        assert data["year"] == this
    assert f'<option value="{this - 1}">{this - 1}年</option>' in client.get(
        reverse("dashboard:scope", args=["U1-WL-JG"])).content.decode()


def test_the_big_screen(dash, cast, login):
    client = login(cast.organiser)
    response = client.get(reverse("dashboard:screen", args=["U1"]), {"year": YEAR, "refresh": 2})
    body = response.content.decode()
    assert response.status_code == 200
    assert "zb-navbar" not in body and 'class="zb-screen"' in body
    assert '<noscript><meta http-equiv="refresh" content="120"></noscript>' in body
    assert "每2分钟自动刷新" in body and f"/api/dashboard/U1?year={YEAR}" in body
    for refresh, seconds in [("0", 60), ("999", 3600), ("x", 300)]:
        body = client.get(reverse("dashboard:screen", args=["U1"]), {"refresh": refresh}).content.decode()
        assert f'content="{seconds}"' in body


def _count(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who, code", [("organiser", "U1"), ("organiser", "U1-WL"), ("secretary", "U1-WL-JG")])
def test_query_counts_do_not_grow_with_the_data(dash, grow, cast, login, who, code):
    client = login(getattr(cast, who))
    pages = [reverse("dashboard:scope", args=[code]), reverse("dashboard:screen", args=[code]),
             f"/api/dashboard/{code}"]
    for url in pages:
        client.get(url, {"year": YEAR})  # warm the session and the per-process caches
    small = [_count(client, url, year=YEAR) for url in pages]
    grow(5)
    assert [_count(client, url, year=YEAR) for url in pages] == small
    assert max(small) <= 90, small
