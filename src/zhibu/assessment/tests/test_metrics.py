"""The numbers `strengths` reads through core.metrics, and deeds as case evidence."""

import datetime as dt

from django.utils import timezone

from zhibu.assessment import services, services_appraisal
from zhibu.assessment.factories import make_deed
from zhibu.core import evidence, metrics

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def _values(code, under):
    return metrics.values(code, under=under, start=START, end=END)


def test_metrics_are_registered_and_keyed_by_the_members_org(cast, voters):
    codes = {m.code for m in metrics.all_metrics()}
    assert {"assessment.deeds", "assessment.deed_hours", "assessment.deed_beneficiaries", "assessment.appraisals_held",
            "assessment.badge_pledges", "assessment.members_excellent"} <= codes
    make_deed(member=cast.plain_member, hours="2.5", beneficiaries=10, confirm_by=cast.secretary)
    make_deed(member=cast.sec_member, hours="1", beneficiaries=1, by=cast.secretary, confirm_by=None)
    make_deed(member=cast.sibling_member, hours="3", beneficiaries=4, confirm_by=cast.sibling_secretary)
    make_deed(member=cast.plain_member, date=dt.date(2024, 5, 1), confirm_by=cast.secretary)
    under = cast.school.path
    assert _values("assessment.deeds", under) == {cast.branch.pk: 1, cast.sibling.pk: 1}
    assert _values("assessment.deed_hours", under) == {cast.branch.pk: 2.5, cast.sibling.pk: 3}
    assert _values("assessment.deed_beneficiaries", under) == {cast.branch.pk: 10, cast.sibling.pk: 4}
    assert _values("assessment.deeds", cast.other_school.path) == {}
    services.badge_pledge(by=None, member=cast.plain_member, year=2025)
    services.badge_pledge(by=None, member=cast.sec_member, year=2026)
    assert _values("assessment.badge_pledges", under) == {cast.branch.pk: 1}


def test_appraisal_metrics(cast, voters):
    a = services_appraisal.appraisal_open(by=cast.secretary, org=cast.branch, year=2025)
    a = services_appraisal.appraisal_close(by=cast.secretary, appraisal=a)
    members = [cast.sec_member, cast.plain_member, *voters]
    grades = {m.pk: "qualified" for m in members}
    grades[voters[0].pk] = "excellent"
    services_appraisal.appraisal_decide(by=cast.secretary, appraisal=a, grades=grades)
    today = timezone.localdate()
    period = {"under": cast.university.path, "start": today.replace(month=1, day=1), "end": today}
    assert metrics.values("assessment.appraisals_held", **period) == {cast.branch.pk: 1}
    assert metrics.values("assessment.members_excellent", **period) == {cast.branch.pk: 1}
    assert metrics.values("assessment.appraisals_held", under=cast.university.path, start=START, end=END) == {}


def test_confirmed_deeds_are_case_evidence(cast):
    deed = make_deed(member=cast.plain_member, title="毕业寄志愿服务", confirm_by=cast.secretary)
    make_deed(member=cast.plain_member, title="待确认")
    records = evidence.records_for(cast.branch.path, kinds=["deed"])
    assert [r.id for r in records] == [deed.pk] and "周敏" in records[0].summary
    assert evidence.source("deed").records(cast.sibling.path) == []
