"""A reviewer of the municipal department records the research symposium itself (调研座谈会): hosted by their
body, the branch co-hosting, with guests and agenda — and the case moves to researched in the same step."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from zhibu.meetings import services as meeting_services
from zhibu.meetings.models import Meeting, MeetingKind
from zhibu.methods.factories import make_case, walk
from zhibu.methods.models import Case

pytestmark = pytest.mark.django_db


def _form(cast, **overrides) -> dict:
    data = {
        "host": cast.municipal.pk,
        "title": "关于“一三三”工作法的调研座谈会",
        "place": "学院112会议室",
        "starts_at": "2022-07-14T08:30",
        "ends_at": "2022-07-14T10:00",
        "guests": "郑红，市委组织部组织二处，一级主任科员（主持）\n王明，市委教育工委组织处",
        "agenda": "工作汇报《“一三三”工作法-打造高水平育人团队》，陈立华\n座谈交流",
        "minutes": "与会同志围绕支部建设交流。",
        "note": "实地调研了支部的共建机制",
    }
    data.update(overrides)
    return data


@pytest.fixture
def endorsed(cast) -> Case:
    case = make_case(branch=cast.branch, by=cast.secretary)
    walk(case, cast, to="endorsed")
    return case


def test_a_reviewer_records_the_symposium_and_the_research_step(cast, login, endorsed):
    url = reverse("methods:case_research_new", args=[endorsed.pk])
    page = login(cast.reviewer).get(url)
    assert page.status_code == 200 and "一三三" in page.content.decode()

    response = login(cast.reviewer).post(url, _form(cast))
    assert response.status_code == 302
    endorsed.refresh_from_db()
    assert endorsed.status == "researched"
    meeting = Meeting.objects.get(title="关于“一三三”工作法的调研座谈会")
    assert meeting.org == cast.municipal and meeting.kind == MeetingKind.SYMPOSIUM and meeting.research
    assert list(meeting.co_hosts.all()) == [cast.branch]
    assert meeting.chair_guest.name == "郑红" and meeting.chair_guest.unit == "市委组织部组织二处"
    assert [(g.name, g.title) for g in meeting.guests.order_by("pk")] == [("郑红", "一级主任科员"), ("王明", "")]
    agenda = list(meeting.agenda.order_by("ordinal").values_list("title", "presenter"))
    assert agenda == [("工作汇报《“一三三”工作法-打造高水平育人团队》", "陈立华"), ("座谈交流", "")]
    assert endorsed.transitions.filter(meeting=meeting).exists()


def test_a_bad_guest_line_is_named_and_nothing_is_written(cast, login, endorsed):
    url = reverse("methods:case_research_new", args=[endorsed.pk])
    response = login(cast.reviewer).post(url, _form(cast, guests="郑红，市委组织部，科员，多余"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "第1行" in body and "多余" in body, "the line at fault is named and what was typed stays"
    assert not Meeting.objects.filter(research=True).exists()
    endorsed.refresh_from_db()
    assert endorsed.status == "endorsed"


def test_end_before_start_leaves_no_meeting_and_no_step(cast, login, endorsed):
    url = reverse("methods:case_research_new", args=[endorsed.pk])
    response = login(cast.reviewer).post(url, _form(cast, ends_at="2022-07-14T08:00"))
    assert response.status_code == 200 and "结束时间不能早于开始时间" in response.content.decode()
    assert not Meeting.objects.filter(research=True).exists()


@pytest.mark.parametrize("role,status", [("secretary", 403), ("organiser", 403), ("sibling_secretary", 404)])
def test_only_a_superior_body_may_record_it(cast, login, endorsed, role, status):
    url = reverse("methods:case_research_new", args=[endorsed.pk])
    assert login(getattr(cast, role)).post(url, _form(cast)).status_code == status
    assert not Meeting.objects.filter(research=True).exists()


def test_a_reviewer_records_research_symposia_only(cast):
    """Reviewing is not managing: the municipal reviewer holds research symposia, nothing else."""
    start = timezone.make_aware(dt.datetime(2022, 7, 14, 8, 30))
    common = {"by": cast.reviewer, "org": cast.municipal, "title": "会", "starts_at": start,
              "ends_at": start + dt.timedelta(hours=1)}
    meeting_services.meeting_create(kind=MeetingKind.SYMPOSIUM, research=True, **common)
    with pytest.raises(PermissionDenied):
        meeting_services.meeting_create(kind=MeetingKind.SYMPOSIUM, research=False, **common)
    with pytest.raises(PermissionDenied):
        meeting_services.meeting_create(kind=MeetingKind.GENERAL_MEETING, **common)
    with pytest.raises(PermissionDenied):  # a branch's records stay its managers'
        meeting_services.meeting_create(**{**common, "org": cast.branch}, kind=MeetingKind.SYMPOSIUM, research=True)
