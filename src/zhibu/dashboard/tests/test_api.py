"""The dashboard's JSON: the whole board and one chart, scoped like the pages (outside: 404, anonymous: 401)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.strengths.selectors import branch_score

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_the_whole_board(dash, cast, login):
    response = login(cast.organiser).get("/api/dashboard/U1", {"year": YEAR})
    assert response.status_code == 200
    data = response.json()
    assert data["org"]["code"] == "U1" and data["year"] == YEAR
    assert set(data["charts"]) == {"members", "compliance", "strengths", "ranking", "cases", "reach", "careers", "deeds"}
    assert all(k["url"] for k in data["kpis"] if k["code"] in ("members", "compliance", "cases"))


def test_one_chart(dash, cast, login):
    client = login(cast.secretary)
    response = client.get("/api/dashboard/U1-WL-JG/strengths", {"year": YEAR})
    assert response.status_code == 200
    body = response.json()
    assert body["chart"] == "strengths" and body["data"]["kind"] == "radar"
    score = branch_score(org=cast.branch, year=YEAR)
    assert body["data"]["series"][0]["value"] == [score.by_strength[c] for c in
                                                  [i["code"] for i in body["data"]["indicators"]]]
    assert client.get("/api/dashboard/U1-WL-JG/nonsense").status_code == 404


def test_scope_and_authentication(dash, cast, login, client):
    assert client.get("/api/dashboard/U1").status_code == 401
    outsider = login(cast.sibling_secretary)
    assert outsider.get("/api/dashboard/U1-WL-JG").status_code == 404
    assert outsider.get("/api/dashboard/U1-WL-JG/members").status_code == 404
    assert outsider.get("/api/dashboard/NOPE").status_code == 404
    assert outsider.get("/api/dashboard/U1-WL-XS").status_code == 200


def test_members_only_count_what_the_scope_holds(dash, cast, login):
    data = login(cast.sibling_secretary).get("/api/dashboard/U1-WL-XS/members").json()["data"]
    assert data["total"] == 1 and data["by_status"]["probationary"] == 1
    assert data["series"][0]["name"] == "学生"


@pytest.mark.parametrize("chart", ["members", "compliance", "strengths", "ranking", "cases", "reach", "careers",
                                   "deeds"])
def test_each_chart_in_a_bounded_number_of_queries(dash, grow, cast, login, chart):
    client = login(cast.organiser)
    url = f"/api/dashboard/U1/{chart}"
    client.get(url, {"year": YEAR})
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"year": YEAR})
    grow(4)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url, {"year": YEAR}).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
