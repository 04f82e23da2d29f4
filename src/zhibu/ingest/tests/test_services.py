"""Confirming a report: one transaction through the meetings' and methods' services, scoped, spam-free."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhibu.ingest import services
from zhibu.meetings.models import Meeting
from zhibu.methods import services as method_services
from zhibu.methods.models import Case, CaseStatus, WorkMethod

pytestmark = pytest.mark.django_db


def seed_report(**changes) -> services.Report:
    start = timezone.make_aware(dt.datetime(2022, 7, 14, 8, 30))
    report = services.Report(
        kind="symposium", title="“党支部工作法”调研座谈会", starts_at=start, ends_at=start + dt.timedelta(hours=2),
        place="学院112会议室", organizer_units=["市委组织部", "市委教育工委组织处", "示例大学物流管理专业教工党支部"],
        chair=services.PersonRow("郭红钵", "市委组织部组织二处", "一级主任科员"),
        attendees=[services.PersonRow("郭佳", "市委教育工委组织一处", "干部"),
                   services.PersonRow("马立梅", "示例大学", "党委书记"),
                   services.PersonRow("逄锦荣", "物流管理专业教工党支部", "书记")],
        agenda=[services.AgendaEntry("《“一三三”工作法-打造高水平育人团队》工作汇报", "逄锦荣"),
                services.AgendaEntry("座谈交流")],
        method_name="一三三",
        pillars=[services.PillarEntry(1, "中心", ["围绕专业建设"], "个"),
                 services.PillarEntry(3, "共建工作机制", ["支部与专业共建", "教工与学生党支部共建", "校内校外支部共建"], "重"),
                 services.PillarEntry(3, "任务", ["教师思政", "学生思政", "课程思政"], "大")],
        case_title="“一三三”党支部工作法",
    )
    for key, value in changes.items():
        setattr(report, key, value)
    return report


def test_confirm_creates_meeting_method_and_case_draft(cast):
    recorded = services.report_record(by=cast.secretary, org=cast.branch, report=seed_report())
    meeting = Meeting.objects.get(pk=recorded.meeting.pk)
    assert meeting.kind == "symposium" and meeting.research and meeting.place == "学院112会议室"
    assert meeting.chair_name == "郭红钵"
    guests = list(meeting.guests.values_list("name", "unit", "title"))
    assert ("马立梅", "示例大学", "党委书记") in guests and len(guests) == 4
    assert [(a.ordinal, a.title, a.presenter) for a in meeting.agenda.all()] == [
        (1, "《“一三三”工作法-打造高水平育人团队》工作汇报", "逄锦荣"), (2, "座谈交流", "")]
    assert "主办单位：市委组织部" in meeting.minutes
    method = WorkMethod.objects.get(branch=cast.branch)
    assert method.name == "一三三"
    assert [(p.count, p.label, p.items.count()) for p in method.pillars.all()] == [(1, "中心", 1), (3, "共建工作机制", 3),
                                                                                 (3, "任务", 3)]
    case = Case.objects.get(method=method)
    assert case.status == CaseStatus.DRAFT and case.title == "“一三三”党支部工作法"


def test_a_failure_in_the_method_step_leaves_no_meeting(cast, monkeypatch):
    def broken(**kwargs):
        raise ValidationError({"name": "工作法写入失败"})

    monkeypatch.setattr(method_services, "method_create", broken)
    with pytest.raises(ValidationError):
        services.report_record(by=cast.secretary, org=cast.branch, report=seed_report())
    assert not Meeting.all_objects.exists()


def test_a_failure_in_the_case_step_leaves_no_meeting_and_no_method(cast, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(method_services, "case_create", broken)
    with pytest.raises(RuntimeError):
        services.report_record(by=cast.secretary, org=cast.branch, report=seed_report())
    assert not Meeting.all_objects.exists() and not WorkMethod.all_objects.exists()


def test_a_method_named_without_pillars_is_refused_whole(cast):
    with pytest.raises(ValidationError) as info:
        services.report_record(by=cast.secretary, org=cast.branch, report=seed_report(pillars=[]))
    assert "组成部分" in str(info.value)
    assert not Meeting.all_objects.exists()


def test_without_a_method_only_the_meeting_is_written(cast):
    recorded = services.report_record(by=cast.secretary, org=cast.branch, report=seed_report(method_name=""))
    assert recorded.method is None and not WorkMethod.objects.exists()
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize("who", ["sibling_secretary", "member_user", "reviewer"])
def test_only_under_orgs_the_user_manages(cast, who):
    with pytest.raises(PermissionDenied):
        services.report_record(by=getattr(cast, who), org=cast.branch, report=seed_report())
    assert not Meeting.all_objects.exists()


def test_a_method_under_a_non_branch_is_refused_whole(cast):
    with pytest.raises(ValidationError) as info:
        services.report_record(by=cast.organiser, org=cast.school, report=seed_report())
    assert "method_name" in info.value.message_dict
    assert not Meeting.all_objects.exists()


def test_spam_is_never_written(cast):
    attendees = [services.PersonRow("马立梅", "全球最大的赌钱网", "党委书记")]
    with pytest.raises(ValidationError) as info:
        services.report_record(by=cast.secretary, org=cast.branch, report=seed_report(attendees=attendees))
    assert "参会人员第1行（马立梅）单位“全球最大的赌钱网”中含有推广用语" in info.value.message_dict["attendees"][0]
    assert not Meeting.all_objects.exists()
