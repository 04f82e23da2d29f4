"""Meeting services: what is recorded, what is refused (in Chinese, naming the row), and that nothing is half-saved."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhibu.core.audit import history_for
from zhibu.meetings import services
from zhibu.meetings.factories import at, make_meeting
from zhibu.meetings.models import AgendaItem, Attendance, Guest, Meeting, MeetingKind
from zhibu.meetings.services import AgendaRow, AttendanceRow, GuestRow
from zhibu.orgs.factories import MemberFactory

pytestmark = pytest.mark.django_db

START = at("2025-03-12", 14, 30)


def record(cast, by=None, org=None, **kw):
    values = {
        "by": by or cast.secretary, "org": org or cast.branch, "kind": MeetingKind.GENERAL_MEETING,
        "title": "支部党员大会", "starts_at": START, "ends_at": START + dt.timedelta(hours=2),
    }
    values.update(kw)
    return services.meeting_create(**values)


def messages_of(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def assert_nothing_saved():
    assert Meeting.all_objects.count() == 0
    assert AgendaItem.objects.count() == Attendance.objects.count() == Guest.objects.count() == 0


def test_it_records_a_meeting_with_agenda_guests_and_attendance(cast):
    meeting = record(
        cast, place="学院112会议室", co_hosts=[cast.municipal, cast.edu], research=True, kind=MeetingKind.SYMPOSIUM,
        agenda=[AgendaRow("工作汇报", presenter="陈立华"), AgendaRow("座谈交流")],
        guests=[GuestRow("贺明远", unit="市委组织部", title="组织二处一级主任科员", chair=True),
                GuestRow("沈佳宁", unit="市委教育工委组织一处", title="干部")],
        attendance=[AttendanceRow(cast.sec_member.pk), AttendanceRow(cast.plain_member.pk, "leave", "外出授课")],
        recorder=cast.plain_member,
    )
    meeting.refresh_from_db()
    assert meeting.org_path == cast.branch.path
    assert [a.title for a in meeting.agenda.all()] == ["工作汇报", "座谈交流"]
    assert meeting.chair is None and meeting.chair_guest.name == "贺明远"
    assert meeting.chair_name == "贺明远"
    assert {o.code for o in meeting.co_hosts.all()} == {"M-ZZB", "M-JYGW"}
    statuses = {a.member.name: (a.status, a.reason) for a in meeting.attendance.select_related("member")}
    assert statuses == {"陈立华": ("present", ""), "周敏": ("leave", "外出授课")}
    entry = history_for(meeting).get()
    assert entry.action == "create" and entry.actor == cast.secretary and entry.org_path == cast.branch.path
    labels = {label for label, _, _ in entry.change_rows()}
    assert {"标题", "议程", "来宾", "出席情况", "协办组织", "主持人（来宾）"} <= labels


def test_end_before_start_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        record(cast, ends_at=START - dt.timedelta(minutes=1), attendance=[AttendanceRow(cast.sec_member.pk)])
    assert messages_of(exc)["ends_at"] == ["结束时间不能早于开始时间"]
    assert_nothing_saved()


def test_an_attendee_from_another_branch_is_refused_by_name_and_row(cast):
    with pytest.raises(ValidationError) as exc:
        record(cast, agenda=[AgendaRow("学习")],
               attendance=[AttendanceRow(cast.sec_member.pk), AttendanceRow(cast.sibling_member.pk)])
    assert messages_of(exc)["attendance"] == ["出席情况第2行（林晓）：不是主办组织“物流管理专业教工党支部”的党员"]
    assert exc.value.error_dict["attendance"][0].params == {"row": 2}
    assert_nothing_saved()


def test_the_same_person_twice_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        record(cast, attendance=[AttendanceRow(cast.plain_member.pk), AttendanceRow(cast.sec_member.pk),
                                 AttendanceRow(cast.plain_member.pk, "absent")])
    assert messages_of(exc)["attendance"] == ["出席情况第3行（周敏）：与第1行重复"]
    assert_nothing_saved()


def test_a_chair_who_is_neither_member_nor_guest_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        record(cast, chair=cast.sibling_member)
    assert "主持人林晓不是主办组织“物流管理专业教工党支部”的党员" in messages_of(exc)["chair"][0]
    assert_nothing_saved()


def test_a_member_chair_and_a_guest_chair_together_are_refused(cast):
    with pytest.raises(ValidationError) as exc:
        record(cast, chair=cast.sec_member, guests=[GuestRow("贺明远", chair=True)])
    assert "主持人只能有一位" in messages_of(exc)["chair"][0]
    with pytest.raises(ValidationError) as exc:
        record(cast, guests=[GuestRow("贺明远", chair=True), GuestRow("沈佳宁", chair=True)])
    assert messages_of(exc)["guests"] == ["只能有一位来宾担任主持人"]
    assert_nothing_saved()


def test_leave_without_a_reason_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        record(cast, attendance=[AttendanceRow(cast.plain_member.pk, "leave", "  ")])
    assert messages_of(exc)["attendance"] == ["出席情况第1行（周敏）：请假须填写事由"]
    assert_nothing_saved()


def test_every_problem_is_reported_at_once(cast):
    with pytest.raises(ValidationError) as exc:
        record(cast, title=" ", ends_at=START - dt.timedelta(hours=1), chair=cast.other_member,
               agenda=[AgendaRow("", presenter="陈立华")], guests=[GuestRow("", unit="市委组织部")],
               attendance=[AttendanceRow(cast.plain_member.pk, "leave"), AttendanceRow(999999)])
    errors = messages_of(exc)
    assert set(errors) == {"title", "ends_at", "chair", "agenda", "guests", "attendance"}
    assert errors["agenda"] == ["议程第1项：请填写议题"]
    assert errors["guests"] == ["来宾第1行：请填写姓名"]
    assert errors["attendance"] == ["出席情况第1行（周敏）：请假须填写事由", "出席情况第2行：没有找到编号为999999的党员"]
    assert_nothing_saved()


def test_a_group_meeting_is_for_the_groups_members(cast):
    with pytest.raises(ValidationError) as exc:
        record(cast, org=cast.group, kind=MeetingKind.GROUP_MEETING,
               attendance=[AttendanceRow(cast.plain_member.pk), AttendanceRow(cast.sec_member.pk)])
    assert messages_of(exc)["attendance"] == ["出席情况第2行（陈立华）：不是主办组织“第一党小组”的党员"]
    meeting = record(cast, org=cast.group, kind=MeetingKind.GROUP_MEETING,
                     attendance=[AttendanceRow(cast.plain_member.pk)])
    assert meeting.org_path == cast.group.path


def test_a_committee_meeting_takes_members_of_its_subtree(cast):
    meeting = record(cast, by=cast.organiser, org=cast.school,
                     attendance=[AttendanceRow(cast.sec_member.pk), AttendanceRow(cast.sibling_member.pk)])
    assert meeting.attendance.count() == 2
    with pytest.raises(ValidationError) as exc:
        record(cast, by=cast.organiser, org=cast.school, attendance=[AttendanceRow(cast.other_member.pk)])
    assert "高峰" in messages_of(exc)["attendance"][0]


@pytest.mark.parametrize("who", ["sibling_secretary", "reviewer", "member_user"])
def test_only_the_hosts_managers_may_record(cast, who):
    with pytest.raises(PermissionDenied):
        record(cast, by=getattr(cast, who))
    assert_nothing_saved()


def test_co_hosts_exclude_the_host(cast):
    with pytest.raises(ValidationError) as exc:
        record(cast, co_hosts=[cast.branch])
    assert "不能同时是协办组织" in messages_of(exc)["co_hosts"][0]


def test_update_replaces_parts_and_writes_history(cast):
    meeting = record(cast, agenda=[AgendaRow("学习")], attendance=[AttendanceRow(cast.sec_member.pk)])
    services.meeting_update(by=cast.secretary, meeting=meeting, title="支部党员大会（第一季度）", place="学院112会议室",
                            agenda=[AgendaRow("学习"), AgendaRow("表决")],
                            attendance=[AttendanceRow(cast.sec_member.pk), AttendanceRow(cast.plain_member.pk, "absent")])
    meeting.refresh_from_db()
    assert meeting.title == "支部党员大会（第一季度）"
    assert meeting.agenda.count() == 2 and meeting.attendance.count() == 2
    entry = history_for(meeting).first()
    assert entry.action == "update"
    assert set(entry.changes) == {"title", "place", "议程", "出席情况"}
    assert entry.changes["出席情况"] == ["出席1人", "出席1人；缺席：周敏"]


def test_update_that_fails_changes_nothing(cast):
    meeting = record(cast, agenda=[AgendaRow("学习")], attendance=[AttendanceRow(cast.sec_member.pk)])
    with pytest.raises(ValidationError):
        services.meeting_update(by=cast.secretary, meeting=meeting, title="新标题", agenda=[AgendaRow("改")],
                                attendance=[AttendanceRow(cast.sibling_member.pk)])
    meeting.refresh_from_db()
    assert meeting.title == "支部党员大会"
    assert [a.title for a in meeting.agenda.all()] == ["学习"]
    assert list(meeting.attendance.values_list("member_id", flat=True)) == [cast.sec_member.pk]
    assert history_for(meeting).count() == 1


def test_an_old_record_keeps_people_who_have_since_left(cast):
    leaver = MemberFactory(org=cast.branch, name="许晓")
    meeting = record(cast, chair=leaver, attendance=[AttendanceRow(leaver.pk), AttendanceRow(cast.sec_member.pk)])
    from zhibu.orgs import services as org_services

    org_services.member_transfer(by=None, member=leaver, to_org=cast.sibling)
    services.meeting_update(by=cast.secretary, meeting=meeting, minutes="补记",
                            attendance=[AttendanceRow(leaver.pk, "leave", "出差"), AttendanceRow(cast.sec_member.pk)])
    meeting.refresh_from_db()
    assert meeting.chair == leaver and meeting.minutes == "补记"


def test_the_set_functions_replace_one_part(cast):
    meeting = record(cast, guests=[GuestRow("贺明远", chair=True)])
    services.agenda_set(by=cast.secretary, meeting=meeting, rows=[AgendaRow("一"), AgendaRow("二")])
    services.guests_set(by=cast.secretary, meeting=meeting, rows=[GuestRow("沈佳宁", unit="市委教育工委")])
    services.attendance_set(by=cast.secretary, meeting=meeting, rows=[AttendanceRow(cast.plain_member.pk)])
    meeting.refresh_from_db()
    assert [a.ordinal for a in meeting.agenda.all()] == [1, 2]
    assert [g.name for g in meeting.guests.all()] == ["沈佳宁"]
    assert meeting.chair_guest is None
    assert meeting.attendance.get().member == cast.plain_member
    with pytest.raises(PermissionDenied):
        services.agenda_set(by=cast.reviewer, meeting=meeting, rows=[])


def test_attendance_set_keeps_a_qr_check_in_of_someone_still_present(cast):
    meeting = make_meeting(org=cast.branch, starts_at=timezone.now() - dt.timedelta(minutes=30))
    attendance, new = services.checkin(meeting=meeting, user=cast.member_user)
    assert new and attendance.via == "qr"
    services.attendance_set(by=cast.secretary, meeting=meeting,
                            rows=[AttendanceRow(cast.plain_member.pk), AttendanceRow(cast.sec_member.pk, "absent")])
    kept = meeting.attendance.get(member=cast.plain_member)
    assert kept.via == "qr" and kept.checked_in_at is not None
    services.attendance_set(by=cast.secretary, meeting=meeting,
                            rows=[AttendanceRow(cast.plain_member.pk, "leave", "临时有事")])
    changed = meeting.attendance.get(member=cast.plain_member)
    assert changed.via == "manual" and changed.checked_in_at is None


def test_delete_and_restore_are_soft_and_recorded(cast):
    meeting = record(cast)
    with pytest.raises(PermissionDenied):
        services.meeting_delete(by=cast.reviewer, meeting=meeting)
    services.meeting_delete(by=cast.secretary, meeting=meeting, reason="重复登记")
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert Meeting.all_objects.get(pk=meeting.pk).deleted_by == cast.secretary
    with pytest.raises(ValidationError):
        services.meeting_update(by=cast.secretary, meeting=meeting, title="x")
    services.meeting_restore(by=cast.secretary, meeting=meeting)
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert [e.action for e in history_for(meeting)] == ["restore", "delete", "create"]
    assert history_for(meeting)[1].note == "重复登记"
