"""Metrics, deed sources and evidence registered with core: counts by owning org, bounded queries."""

import datetime as dt

from zhibu.careers import services_graduates
from zhibu.careers.factories import GraduateFactory, VisitFactory
from zhibu.core import deedsources, evidence, metrics

Y2022 = dict(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31))


def test_metrics_count_by_owning_org(car, cast):
    GraduateFactory(org=cast.sibling, student_number="2018090901", graduation_date=None, class_year=2022,
                    status="abroad")
    GraduateFactory(org=cast.sibling, student_number="2018090902", graduation_date=None, class_year=2023)
    under = cast.university.path
    assert metrics.values("careers.graduates", under=under, **Y2022) == {
        cast.branch.pk: 3, cast.sibling.pk: 1, cast.other_branch.pk: 1}
    assert metrics.values("careers.graduates_placed", under=under, **Y2022) == {cast.branch.pk: 1, cast.sibling.pk: 1}
    assert metrics.values("careers.visits", under=under, **Y2022) == {cast.branch.pk: 1}
    today = dt.date.today()
    assert metrics.values("careers.jobs_opened", under=under, start=today, end=today) == {cast.branch.pk: 6}
    assert metrics.values("careers.graduates", under=cast.sibling.path, **Y2022) == {cast.sibling.pk: 1}
    assert metrics.get("careers.visits").records_url(org=cast.branch, **Y2022).startswith("/careers/visits/")


def test_metrics_run_one_query(car, cast, django_assert_num_queries):
    for code in ("careers.graduates", "careers.graduates_placed", "careers.visits", "careers.jobs_opened"):
        with django_assert_num_queries(1):
            metrics.values(code, under=cast.university.path, **Y2022)


def test_visit_deeds_one_per_visiting_member(car, cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = deedsources.source("careers.visit").rows(under=cast.school.path, **Y2022)
    assert sorted(r.member_id for r in rows) == sorted([cast.sec_member.pk, cast.plain_member.pk])
    assert {r.beneficiaries for r in rows} == {8} and rows[0].title == "访企拓岗：走访京畿物流集团有限公司"
    assert deedsources.source("careers.visit").category == "employment"
    assert len({r.source_id for r in rows}) == 2
    assert deedsources.source("careers.visit").rows(under=cast.other_school.path, **Y2022) == []


def test_last_mile_deed_for_the_helper_when_placed(car, cast):
    src = deedsources.source("careers.last_mile")
    today = dt.date.today()
    window = dict(start=today - dt.timedelta(days=1), end=today)
    assert src.rows(under=cast.school.path, **window) == []
    services_graduates.graduate_set_status(by=cast.secretary, graduate=car.alice, status="employed",
                                           destination="京畿物流集团有限公司")
    rows = src.rows(under=cast.school.path, **window)
    assert len(rows) == 1
    row = rows[0]
    assert (row.member_id, row.org_id, row.beneficiaries, row.source_id) == (
        cast.plain_member.pk, cast.branch.pk, 1, car.alice.pk)
    assert src.category == "employment"


def test_visits_and_jobs_are_case_evidence(car, cast):
    VisitFactory(org=cast.other_branch, employer=car.employer, visitors=[cast.other_member])
    visits = evidence.source("careers_visit").records(cast.branch.path)
    assert [v.id for v in visits] == [car.visit.pk]
    assert "承诺岗位8个" in visits[0].summary and "招不进人" in visits[0].summary
    jobs = evidence.source("careers_job").records(cast.branch.path, ids=[car.job.pk])
    assert [j.id for j in jobs] == [car.job.pk]
    assert jobs[0].url == f"/careers/jobs/{car.job.pk}/"
