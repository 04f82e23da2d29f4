"""GET /api/assessments/strengths (branch and scope), plans and benchmark: scoped, bounded."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.orgs.factories import OrgFactory
from zhibu.strengths import services

from .conftest import EXPECTED, faculty_counts

YEAR = 2022
URL = "/api/assessments/strengths"


def test_branch_scores_keyed_by_the_seven_codes(cast, fake_metrics, login):
    fake_metrics(faculty_counts(cast))
    from zhibu.strengths.models import Indicator

    services.adjustment_add(by=cast.reviewer, branch=cast.branch, year=YEAR, indicator=Indicator.objects.get(code="appraisal"),
                            points=10, reason="核实纸质记录", evidence_title="评议登记表")
    r = login(cast.secretary).get(URL, {"org": "U1-WL-JG", "year": YEAR})
    assert r.status_code == 200
    data = r.json()
    assert data["kind"] == "branch" and data["total"] == 67.2
    assert list(data["strengths"]) == ["educate_members", "manage_members", "supervise_members", "organise_people",
                                       "publicise_to_people", "unite_people", "serve_people"]
    lectures = data["strengths"]["educate_members"]["indicators"][0]
    assert (lectures["code"], lectures["value"], lectures["target"], lectures["weight"], lectures["score"]) == (
        "party_lectures", 4, 4, 5, 100)
    assert lectures["records_url"] and lectures["citation"]
    values = {i["code"]: i["value"] for s in data["strengths"].values() for i in s["indicators"]}
    assert values == {k: v for k, (v, _) in EXPECTED.items()}
    assert data["adjustments"][0]["reason"] == "核实纸质记录"


def test_higher_org_gets_its_branches_paginated(cast, fake_metrics, login):
    fake_metrics(faculty_counts(cast))
    r = login(cast.organiser).get(URL, {"org": "U1", "year": YEAR, "page_size": 2})
    data = r.json()
    assert data["kind"] == "scope" and data["branches"]["count"] == 3
    assert [b["org"] for b in data["branches"]["items"]] == ["U1-WL-JG", "U1-WL-XS"]
    assert data["branches"]["items"][0]["rank"] == 1 and data["branches"]["next"]
    assert data["strengths"] is None


def test_api_scope_and_auth(cast, login):
    assert login(cast.sibling_secretary).get(URL, {"org": "U1-WL-JG"}).status_code == 404
    assert login(cast.sibling_secretary).get(URL, {"org": "U1"}).status_code == 404
    assert login(None).get(URL, {"org": "U1-WL-JG"}).status_code == 401


def test_api_query_count_independent_of_branches(cast, fake_metrics, login):
    fake_metrics(faculty_counts(cast))
    c = login(cast.organiser)
    with CaptureQueriesContext(connection) as small:
        c.get(URL, {"org": "U1", "year": YEAR})
    for n in range(10):
        OrgFactory(name=f"支部{n}", code=f"U1-JG-N{n}", parent=cast.other_school)
    with CaptureQueriesContext(connection) as big:
        r = c.get(URL, {"org": "U1", "year": YEAR})
    assert r.json()["branches"]["count"] == 13
    assert len(big.captured_queries) == len(small.captured_queries)


def test_plan_and_benchmark_endpoints(cast, fake_metrics, login):
    fake_metrics(faculty_counts(cast))
    services.plan_save(by=cast.secretary, branch=cast.branch, year=YEAR, summary="思路", goals=[
        {"category": "routine", "title": "党课每季度1次", "indicator": "party_lectures", "target_value": "4"}])
    services.standard_save(by=cast.organiser, org=cast.university, name="样板", honour_min=0,
                           require_clean_record=False, thresholds={"appraisal": "1"})
    c = login(cast.secretary)
    r = c.get(URL + "/plans", {"org": "U1-WL-JG", "year": YEAR})
    assert r.status_code == 200 and r.json()["goals"][0]["met"] is True
    assert c.get(URL + "/plans", {"org": "U1-WL-JG", "year": 2030}).status_code == 404
    r = c.get(URL + "/benchmark", {"org": "U1-WL-JG", "year": YEAR})
    item = r.json()["items"][0]
    assert item["gaps"] == 1 and item["checks"][0]["label"] == "民主评议党员"
    assert login(cast.sibling_secretary).get(URL + "/plans", {"org": "U1-WL-JG", "year": YEAR}).status_code == 404
