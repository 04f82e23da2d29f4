"""API shapes for meeting records. Times are ISO 8601 with the offset of the site's time zone."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema

from .models import Attachment, Attendance, Meeting, MeetingKind


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value else None


class MeetingFilters(Schema):
    org: str | None = Field(None, description="只列出该编码组织及其下级组织主办或协办的记录；该组织不在范围内时返回 404")
    kind: MeetingKind | None = Field(None, description="按类型筛选")
    date_from: dt.date | None = Field(None, alias="from", description="开始日期（含），如 2022-07-01")
    date_to: dt.date | None = Field(None, alias="to", description="截止日期（含），如 2022-07-31")
    q: str | None = Field(None, description="按标题、主题或地点包含查找")


class OrgRefOut(Schema):
    code: str = Field(description="组织编码")
    name: str = Field(description="名称")


class AgendaItemOut(Schema):
    ordinal: int = Field(description="序号，从1开始")
    title: str = Field(description="议题")
    presenter: str = Field(description="汇报人/主讲人")
    summary: str = Field(description="内容摘要")


class AttendanceOut(Schema):
    member_id: int = Field(description="党员编号")
    member_name: str = Field(description="姓名")
    status: Attendance.Status = Field(description="present 出席、leave 请假、absent 缺席")
    status_label: str = Field(description="出席情况（中文）")
    reason: str = Field(description="请假事由")
    via: Attendance.Via = Field(description="manual 登记、qr 扫码签到")
    checked_in_at: dt.datetime | None = Field(description="扫码签到时间")

    @staticmethod
    def resolve_member_name(obj: Attendance) -> str:
        return obj.member.name

    @staticmethod
    def resolve_status_label(obj: Attendance) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_checked_in_at(obj: Attendance) -> dt.datetime | None:
        return _local(obj.checked_in_at)


class GuestOut(Schema):
    name: str = Field(description="姓名")
    unit: str = Field(description="单位")
    title: str = Field(description="职务")
    chair: bool = Field(description="是否为主持人")

    @staticmethod
    def resolve_chair(obj, context) -> bool:
        return obj.pk == obj.meeting.chair_guest_id


class AttachmentOut(Schema):
    id: int
    name: str = Field(description="原文件名")
    kind: Attachment.Kind = Field(description="image 照片、pdf、docx")
    size: int = Field(description="字节数")
    url: str = Field(description="下载地址（需登录）")

    @staticmethod
    def resolve_name(obj: Attachment) -> str:
        return obj.original_name

    @staticmethod
    def resolve_url(obj: Attachment) -> str:
        return reverse("meetings:attachment_file", args=[obj.meeting_id, obj.pk])


def _count(obj: Meeting, attr: str, status: str | None) -> int:
    value = getattr(obj, attr, None)
    if value is not None:
        return value
    rows = obj.attendance.all()
    return len(rows) if status is None else sum(1 for a in rows if a.status == status)


class MeetingOut(Schema):
    id: int = Field(description="记录编号")
    kind: MeetingKind = Field(description="类型")
    kind_label: str = Field(description="类型（中文）")
    research: bool = Field(description="是否为上级组织的调研座谈")
    title: str = Field(description="标题")
    topic: str = Field(description="主题")
    starts_at: dt.datetime = Field(description="开始时间")
    ends_at: dt.datetime = Field(description="结束时间")
    place: str = Field(description="地点")
    org: OrgRefOut = Field(description="主办组织")
    co_hosts: list[OrgRefOut] = Field(description="协办组织")
    chair_name: str = Field(description="主持人姓名（党员或来宾）")
    chair_member_id: int | None = Field(description="主持人为本组织党员时的党员编号")
    recorder_member_id: int | None = Field(description="记录人的党员编号")
    recorder_name: str = Field(description="记录人姓名")
    attendee_count: int = Field(description="应到人数（出席名单人数）")
    present_count: int = Field(description="实到")
    leave_count: int = Field(description="请假")
    absent_count: int = Field(description="缺席")

    @staticmethod
    def resolve_kind_label(obj: Meeting) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_starts_at(obj: Meeting) -> dt.datetime:
        return _local(obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj: Meeting) -> dt.datetime:
        return _local(obj.ends_at)

    @staticmethod
    def resolve_co_hosts(obj: Meeting) -> list:
        return list(obj.co_hosts.all())

    @staticmethod
    def resolve_chair_name(obj: Meeting) -> str:
        return obj.chair_name

    @staticmethod
    def resolve_chair_member_id(obj: Meeting) -> int | None:
        return obj.chair_id

    @staticmethod
    def resolve_recorder_member_id(obj: Meeting) -> int | None:
        return obj.recorder_id

    @staticmethod
    def resolve_recorder_name(obj: Meeting) -> str:
        return obj.recorder.name if obj.recorder_id else ""

    @staticmethod
    def resolve_attendee_count(obj: Meeting) -> int:
        return _count(obj, "attendee_count", None)

    @staticmethod
    def resolve_present_count(obj: Meeting) -> int:
        return _count(obj, "present_count", Attendance.Status.PRESENT)

    @staticmethod
    def resolve_leave_count(obj: Meeting) -> int:
        return _count(obj, "leave_count", Attendance.Status.LEAVE)

    @staticmethod
    def resolve_absent_count(obj: Meeting) -> int:
        return _count(obj, "absent_count", Attendance.Status.ABSENT)


class MeetingDetailOut(MeetingOut):
    minutes: str = Field(description="会议记录")
    resolutions: str = Field(description="会议决议")
    agenda: list[AgendaItemOut] = Field(description="议程，按序号排列")
    attendance: list[AttendanceOut] = Field(description="出席情况")
    guests: list[GuestOut] = Field(description="来宾")
    attachments: list[AttachmentOut] = Field(description="附件")

    @staticmethod
    def resolve_agenda(obj: Meeting) -> list:
        return list(obj.agenda.all())

    @staticmethod
    def resolve_attendance(obj: Meeting) -> list:
        return list(obj.attendance.all())

    @staticmethod
    def resolve_guests(obj: Meeting) -> list:
        guests = list(obj.guests.all())
        for g in guests:
            g.meeting = obj
        return guests

    @staticmethod
    def resolve_attachments(obj: Meeting) -> list:
        return list(getattr(obj, "live_attachments", []))


# --- input ---------------------------------------------------------------------------------------


class AgendaIn(Schema):
    title: str = Field(description="议题")
    presenter: str = Field("", description="汇报人/主讲人")
    summary: str = Field("", description="内容摘要")


class AttendanceIn(Schema):
    member_id: int = Field(description="主办组织的党员编号")
    status: Attendance.Status = Field(Attendance.Status.PRESENT, description="present、leave(须填 reason)或 absent")
    reason: str = Field("", description="请假事由")


class GuestIn(Schema):
    name: str = Field(description="姓名")
    unit: str = Field("", description="单位")
    title: str = Field("", description="职务")
    chair: bool = Field(False, description="由这位来宾主持（此时不能再填 chair_member_id）")


class MeetingPatchIn(Schema):
    """Every field optional; a list given replaces that part whole (agenda, attendance, guests, co_hosts)."""

    kind: MeetingKind | None = Field(None, description="类型")
    research: bool | None = Field(None, description="是否为上级组织的调研座谈")
    title: str | None = Field(None, description="标题")
    topic: str | None = Field(None, description="主题")
    starts_at: dt.datetime | None = Field(None, description="开始时间，ISO 8601；不带时区时按本站时区")
    ends_at: dt.datetime | None = Field(None, description="结束时间")
    place: str | None = Field(None, description="地点")
    co_hosts: list[str] | None = Field(None, description="协办组织编码")
    chair_member_id: int | None = Field(None, description="主持人（本组织党员）编号")
    recorder_member_id: int | None = Field(None, description="记录人（本组织党员）编号")
    minutes: str | None = Field(None, description="会议记录")
    resolutions: str | None = Field(None, description="会议决议")
    agenda: list[AgendaIn] | None = Field(None, description="议程")
    attendance: list[AttendanceIn] | None = Field(None, description="出席情况")
    guests: list[GuestIn] | None = Field(None, description="来宾")


class MeetingIn(Schema):
    org: str = Field(description="主办组织编码；须是调用者可管理的组织")
    kind: MeetingKind = Field(description="类型")
    research: bool = Field(False, description="是否为上级组织的调研座谈")
    title: str = Field(description="标题")
    topic: str = Field("", description="主题")
    starts_at: dt.datetime = Field(description="开始时间，ISO 8601，如 2022-07-14T08:30:00+08:00；不带时区时按本站时区")
    ends_at: dt.datetime = Field(description="结束时间，不能早于开始时间")
    place: str = Field("", description="地点")
    co_hosts: list[str] = Field([], description="协办组织编码，可为上级组织")
    chair_member_id: int | None = Field(None, description="主持人（本组织党员）编号；由来宾主持时在 guests 中标 chair")
    recorder_member_id: int | None = Field(None, description="记录人（本组织党员）编号")
    minutes: str = Field("", description="会议记录")
    resolutions: str = Field("", description="会议决议")
    agenda: list[AgendaIn] = Field([], description="议程，按顺序")
    attendance: list[AttendanceIn] = Field([], description="出席情况")
    guests: list[GuestIn] = Field([], description="来宾")


class MeetingPutIn(MeetingIn):
    org: str | None = Field(None, description="主办组织编码；不能修改，给出时须与原值相同")


class ErrorsOut(Schema):
    detail: str = Field(description="错误说明")
    errors: dict[str, list[str]] = Field(description="按字段列出的错误；行的错误在 agenda、attendance、guests 下")
