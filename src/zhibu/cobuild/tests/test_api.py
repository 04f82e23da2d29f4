"""The co-building and integration API: kind codes, scope (404 outside), bounded queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.cobuild import services
from zhibu.cobuild.factories import make_partnership, make_unit
from zhibu.cobuild.models import Partnership
from zhibu.integration import services as integration_services
from zhibu.meetings.factories import at

pytestmark = pytest.mark.django_db


def test_partnerships_by_org_with_kind_codes(co, cast, login):
    data = login(cast.secretary).get("/api/partnerships/?org=U1-WL-JG").json()
    assert data["count"] == 3
    assert sorted(p["kind"] for p in data["items"]) == ["branch_major", "campus_external", "faculty_student"]
    ce = next(p for p in data["items"] if p["kind"] == "campus_external")
    assert ce["external_unit_credit_code"] == co.unit.credit_code and ce["kind_label"] == "校内校外支部共建"
    only = login(cast.secretary).get("/api/partnerships/?org=U1-WL-JG&kind=faculty_student").json()
    assert [p["partner_org_code"] for p in only["items"]] == ["U1-WL-XS"]


def test_partnership_api_is_scoped(co, cast, login):
    client = login(cast.sibling_secretary)
    assert client.get("/api/partnerships/?org=U1-WL-JG").status_code == 404
    assert [p["id"] for p in client.get("/api/partnerships/").json()["items"]] == [co.fs.pk]
    assert client.get(f"/api/partnerships/{co.ce.pk}").status_code == 404
    assert login(None).get("/api/partnerships/").status_code == 401


def test_partnership_detail_has_its_timeline(co, cast, login):
    services.activity_record(by=None, partnership=co.ce, title="研讨", starts_at=at("2022-05-10"),
                             ends_at=at("2022-05-10", 17), attendance=[cast.sec_member.pk], partner_count=3)
    services.outcome_record(by=None, partnership=co.ce, kind="technical_support", title="技术支持",
                            occurred_on=dt.date(2022, 6, 1))
    data = login(cast.secretary).get(f"/api/partnerships/{co.ce.pk}").json()
    assert [(e["kind"], e["title"]) for e in data["timeline"]] == [("outcome", "技术支持"), ("activity", "研讨")]
    assert data["activity_count"] == 1 and data["outcome_count"] == 1


def test_majors_units_outcomes(co, cast, login):
    client = login(cast.secretary)
    majors = client.get("/api/majors/").json()["items"]
    assert majors[0]["levels"] == ["2019年 国家级一流本科专业建设点", "2020年 北京市级一流本科专业建设点"]
    assert client.get("/api/external-units/").json()["count"] == 1
    assert client.get("/api/outcomes/?org=U1-WL-JG").json()["count"] == 0


def test_integration_api(co, cast, login):
    item = integration_services.work_item_create(by=None, org=cast.branch, title="一流专业建设年度目标",
                                                 category="major_building", year=2022)
    integration_services.stage_record(by=None, work_item=item, stage="research", occurred_on=dt.date(2022, 3, 1),
                                      party_side="陈立华", business_side="冯雅琴", document_title="纪要")
    client = login(cast.secretary)
    [row] = client.get("/api/work-items/?org=U1-WL-JG").json()["items"]
    assert row["stages"][0]["party_side"] == ["陈立华"]
    assert row["missing"] == ["同部署：未记录", "同落实：未记录", "同考核：未记录"] and not row["integrated"]
    rate = client.get("/api/integration-rate/?org=U1-WL-JG").json()
    assert (rate["total"], rate["complete"], rate["rate"]) == (1, 0, 0.0)
    integration_services.course_create(by=None, org=cast.branch, major=co.major, name="物流学概论", code="WL101",
                                       teachers="陈立华")
    [course] = client.get("/api/courses/?org=U1-WL-JG").json()["items"]
    assert course["teachers"] == ["陈立华"] and course["major_code"] == "120601"
    assert client.get(f"/api/courses/{course['id']}").json()["elements"] == []
    [cov] = client.get("/api/course-coverage/?org=U1-WL-JG").json()
    assert (cov["courses"], cov["covered"]) == (1, 0)
    assert login(cast.sibling_secretary).get("/api/work-items/?org=U1-WL-JG").status_code == 404
    assert login(cast.sibling_secretary).get(f"/api/courses/{course['id']}").status_code == 404


def test_partnership_list_queries_do_not_grow(co, cast, login):
    client = login(cast.secretary)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/partnerships/?org=U1-WL-JG").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(10):
        make_partnership(org=cast.branch, kind=Partnership.Kind.CAMPUS_EXTERNAL, external_unit=make_unit(name=f"企业{n}"))
    assert count() <= before
