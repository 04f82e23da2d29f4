"""The counts registered for the existing record apps, on real records made through their services:
each aggregated in one query over the subtree, keyed by the owning org, dated within the period."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhibu.cobuild import services as cobuild_records
from zhibu.cobuild.factories import make_partnership, make_unit
from zhibu.cobuild.models import Outcome, Partnership
from zhibu.core import metrics
from zhibu.integration import services as integration
from zhibu.integration.models import StudentActivity, WorkItem
from zhibu.meetings.factories import at, make_meeting
from zhibu.meetings.models import Attendance, MeetingKind
from zhibu.methods.adoptions import adoption_create
from zhibu.methods.factories import make_case, walk
from zhibu.orgs import services as org_services
from zhibu.orgs.factories import MemberFactory
from zhibu.orgs.models import Honour, Member
from zhibu.strengths import selectors

START, END = dt.date(2022, 1, 1), dt.date(2022, 12, 31)


def values(code, org):
    return metrics.values(code, under=org.path, start=START, end=END)


def test_meeting_counts(cast):
    b, g = cast.branch, cast.group
    activist = MemberFactory(org=b, name="李积极", status=Member.Status.ACTIVIST, joined_on=None, full_on=None)
    make_meeting(org=b, kind=MeetingKind.PARTY_LECTURE, starts_at=at("2022-03-20"),
                 attendees=[cast.sec_member, (cast.plain_member, Attendance.Status.LEAVE, "出差"), activist])
    make_meeting(org=g, kind=MeetingKind.PARTY_LECTURE, starts_at=at("2022-06-20"), attendees=[cast.plain_member])
    make_meeting(org=b, kind=MeetingKind.PARTY_LECTURE, starts_at=at("2021-12-31", 23, 0))  # last year
    make_meeting(org=b, kind=MeetingKind.ORG_LIFE_MEETING, starts_at=at("2022-12-31", 23, 0))
    make_meeting(org=cast.sibling, kind=MeetingKind.PARTY_LECTURE, starts_at=at("2022-05-01"))
    assert values("meetings.party_lectures", b) == {b.pk: 1, g.pk: 1}
    assert values("meetings.party_lecture_present", b) == {b.pk: 2, g.pk: 1}
    assert values("meetings.party_lecture_expected", b) == {b.pk: 3, g.pk: 1}
    assert values("meetings.nonmember_attendance", b) == {b.pk: 1}
    assert values("meetings.org_life_meetings", b) == {b.pk: 1}
    assert values("meetings.party_lectures", cast.school) == {b.pk: 1, g.pk: 1, cast.sibling.pk: 1}


def test_member_counts_and_honours(cast):
    b = cast.branch
    MemberFactory(org=b, name="缺电话", phone="")
    MemberFactory(org=b, name="积极分子", status=Member.Status.ACTIVIST, joined_on=None, full_on=None)
    assert values("orgs.members", b) == {b.pk: 3}
    assert values("orgs.members_complete", b)[b.pk] == 2
    assert values("orgs.activists", b) == {b.pk: 1}
    org_services.honour_add(by=None, org=b, title="全国党建工作样板支部", year=2022, level=Honour.Level.NATIONAL)
    org_services.honour_add(by=None, org=b, title="校级先进党支部", year=2019, level=Honour.Level.UNIVERSITY)
    assert values("orgs.honours", b) == {b.pk: 1}
    assert values("orgs.honours.national", cast.university) == {b.pk: 1}
    assert values("orgs.honours.university", b) == {}


def test_cobuild_counts(cast):
    b = cast.branch
    p = make_partnership(org=b, kind=Partnership.Kind.CAMPUS_EXTERNAL, external_unit=make_unit())
    cobuild_records.activity_record(by=None, partnership=p, title="校企座谈", starts_at=at("2022-04-01"),
                                    ends_at=at("2022-04-01", 17), attendance=[cast.sec_member.pk], partner_count=6)
    cobuild_records.outcome_record(by=None, partnership=p, kind=Outcome.Kind.JOBS_OPENED, title="拓展岗位",
                                   occurred_on=dt.date(2022, 6, 1), quantity=12)
    assert values("cobuild.activities", b) == {b.pk: 1}
    assert values("cobuild.partner_participants", b) == {b.pk: 6}
    assert values("cobuild.outcomes", b) == {b.pk: 12}
    assert values("cobuild.partnerships", b) == {b.pk: 1}


def test_integration_counts(cast):
    b = cast.branch
    item = integration.work_item_create(by=None, org=b, title="一流专业建设", category=WorkItem.Category.MAJOR_BUILDING,
                                        year=2022)
    integration.stage_record(by=None, work_item=item, stage="research", occurred_on=dt.date(2022, 3, 1),
                             party_side="陈立华", business_side="王主任", document_title="专业建设研讨纪要")
    integration.student_activity_record(by=None, org=b, kind=StudentActivity.Kind.CAREER, title="就业指导",
                                        occurred_on=dt.date(2022, 5, 1), students_reached=40)
    assert values("integration.work_items", b) == {b.pk: 1}
    assert values("integration.stages", b) == {b.pk: 1}
    assert values("integration.stages_expected", b) == {b.pk: 4}
    assert values("integration.student_activities", b) == {b.pk: 1}
    assert values("integration.students_reached", b) == {b.pk: 40}


def test_methods_counts(cast):
    case = walk(make_case(branch=cast.branch, by=cast.secretary), cast, to="published")
    published = timezone.localdate(case.published_at)
    counts = metrics.values("methods.cases_published", under=cast.branch.path, start=published, end=published)
    assert counts == {cast.branch.pk: 1}
    adoption_create(by=cast.sibling_secretary, case=case, branch=cast.sibling, adopted_on=published,
                    adaptation="结合学生支部实际开展")
    got = metrics.values("methods.adoptions", under=cast.university.path, start=published, end=published)
    assert got == {cast.branch.pk: 1}  # counted for the adopted case's branch


@pytest.mark.parametrize("code", [m.code for m in metrics.all_metrics()
                                  if m.code.split(".")[0] in ("meetings", "orgs", "cobuild", "integration", "methods")])
def test_each_registered_count_is_one_query(cast, code):
    with CaptureQueriesContext(connection) as ctx:
        metrics.values(code, under=cast.university.path, start=START, end=END)
    assert len(ctx.captured_queries) == 1


def test_real_scorer_on_real_records(cast):
    make_meeting(org=cast.branch, kind=MeetingKind.PARTY_LECTURE, starts_at=at("2022-03-20"),
                 attendees=[cast.sec_member, cast.plain_member])
    score = selectors.branch_score(org=cast.branch, year=2022)
    got = {i.code: i.value for i in score.indicators}
    assert got["party_lectures"] == 1 and got["lecture_attendance"] == 100
