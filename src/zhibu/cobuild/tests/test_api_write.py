"""Co-building writes through the API: the pages' rules and messages, 422 with nothing saved, scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.cobuild.creditcode import make_credit_code
from zhibu.cobuild.factories import make_unit
from zhibu.cobuild.models import ExternalUnit, Outcome, Partnership

pytestmark = pytest.mark.django_db


def _external(unit, **overrides) -> dict:
    body = {"org": "U1-WL-JG", "kind": "campus_external", "starts_on": "2023-03-01", "external_unit": unit.credit_code,
            "goals": "技术支持与就业拓展", "contacts": [{"side": "partner", "name": "孙伟", "title": "党委书记"}]}
    body.update(overrides)
    return body


def test_a_secretary_registers_a_partnership_and_an_outcome(cast, login):
    unit = make_unit(name="链通物流有限公司", party_branch_name="链通物流有限公司党支部")
    client = login(cast.secretary)
    response = client.post("/api/partnerships/", _external(unit), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind"] == "campus_external" and data["external_unit_credit_code"] == unit.credit_code
    assert data["counterpart"] == "链通物流有限公司党支部" and data["timeline"] == []
    pid = data["id"]
    response = client.post(f"/api/partnerships/{pid}/outcomes", {
        "kind": "jobs_opened", "title": "新增实习岗位", "occurred_on": "2023-06-01", "quantity": 12,
    }, content_type="application/json")
    assert response.status_code == 201 and response.json()["quantity"] == 12
    assert Outcome.objects.get(partnership_id=pid).title == "新增实习岗位"
    response = client.patch(f"/api/partnerships/{pid}", {"ends_on": "2026-02-28", "title": "校企共建"},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["ends_on"] == "2026-02-28"
    assert Partnership.objects.get(pk=pid).contacts.count() == 1, "contacts not sent stay as they are"


def test_a_kind_that_does_not_fit_its_parties_is_422_and_nothing_is_saved(cast, login):
    client = login(cast.secretary)
    response = client.post("/api/partnerships/", {"org": "U1-WL-JG", "kind": "faculty_student",
                                                  "starts_on": "2023-03-01", "partner_org": "U1-JG-GS"},
                           content_type="application/json")
    assert response.status_code == 422
    assert "partner_org" in response.json()["errors"]
    unit = make_unit()
    response = client.post("/api/partnerships/", _external(unit, ends_on="2020-01-01"),
                           content_type="application/json")
    assert response.status_code == 422 and "结束日期不能早于开始日期" in response.json()["detail"]
    assert not Partnership.objects.exists()


def test_an_outcome_before_the_partnership_began_is_422(cast, login):
    client = login(cast.secretary)
    pid = client.post("/api/partnerships/", _external(make_unit()), content_type="application/json").json()["id"]
    response = client.post(f"/api/partnerships/{pid}/outcomes", {
        "kind": "training", "title": "培训", "occurred_on": "2020-01-01"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["occurred_on"] == ["成果日期早于共建开始日期"]
    assert not Outcome.objects.exists()


def test_a_wrong_check_character_in_a_credit_code_is_named(cast, login):
    good = make_credit_code(serial=4242)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = login(cast.secretary).post("/api/external-units/", {
        "name": "示例科技有限公司", "credit_code": bad, "kind": "enterprise", "city": "北京",
        "party_branch_name": "示例科技有限公司党支部"}, content_type="application/json")
    assert response.status_code == 422 and "credit_code" in response.json()["errors"]
    assert not ExternalUnit.objects.filter(name="示例科技有限公司").exists()


@pytest.mark.parametrize("who, status", [("member_user", 403), ("reviewer", 403), ("sibling_secretary", 404)])
def test_writes_are_scoped(cast, login, who, status):
    unit = make_unit()
    response = login(getattr(cast, who)).post("/api/partnerships/", _external(unit), content_type="application/json")
    assert response.status_code == status
    assert not Partnership.objects.exists()


def test_the_create_call_runs_a_bounded_number_of_queries(cast, login):
    client = login(cast.secretary)
    counts = []
    for name in ("甲", "乙", "丙"):  # the first call also warms Django's content-type cache
        unit = make_unit(name=f"{name}物流有限公司", party_branch_name=f"{name}物流有限公司党支部")
        with CaptureQueriesContext(connection) as ctx:
            assert client.post("/api/partnerships/", _external(unit), content_type="application/json").status_code == 201
        counts.append(len(ctx))
    assert counts[1] == counts[2] <= 40
