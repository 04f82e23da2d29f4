"""Every write to meeting records: validated, atomic, scoped and written to the audit history.

A meeting and its agenda, attendance and guests are saved together or not at all. Bad input is
refused with a ValidationError whose messages are in Chinese and name the field or the row
(`第3行（周敏）：请假须填写事由`); row errors carry `params={"row": n}` (1-based) so that forms can
mark the row.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.uploads import check_upload
from zhibu.core.validation import Errors
from zhibu.orgs.models import Member, Org
from zhibu.orgs.selectors import can_manage, can_research

from .checkin import CHECKIN_MARGIN, checkin_window
from .models import Attachment, Attendance, Meeting, MeetingKind
from .parts import (
    ATTACHMENTS_KEY,
    ATTENDANCE_KEY,
    AgendaRow,
    AttendanceRow,
    GuestRow,
    chair_conflict,
    check_meeting,
    clean_agenda,
    clean_attendance,
    clean_guests,
    co_hosts_text,
    readable,
    write_agenda,
    write_attendance,
    write_guests,
)
from .selectors import host_members

MEETING_FIELDS = [
    "org", "kind", "research", "title", "topic", "starts_at", "ends_at", "place", "chair", "chair_guest",
    "recorder", "minutes", "resolutions",
]
EDITABLE_FIELDS = frozenset(MEETING_FIELDS) - {"org", "chair_guest"}


def _require_manage(by, path: str) -> None:
    if by is not None and not can_manage(by, path):
        raise PermissionDenied("您没有权限修改该组织的组织生活记录")


def _require_record(by, org: Org, kind: str, research: bool) -> None:
    """Managers record everything; a superior body's reviewers record its research symposia (调研座谈会)."""
    if by is None or can_manage(by, org.path):
        return
    if org.kind == Org.Kind.SUPERIOR and kind == MeetingKind.SYMPOSIUM and research and can_research(by, org.path):
        return
    raise PermissionDenied("您没有权限修改该组织的组织生活记录")


# --- meetings ------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    by,
    org: Org,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    co_hosts: Sequence[Org] = (),
    agenda: Sequence[AgendaRow] | None = None,
    attendance: Sequence[AttendanceRow] | None = None,
    guests: Sequence[GuestRow] | None = None,
    **fields: Any,
) -> Meeting:
    """Record a meeting with its agenda, attendance and guests, all or nothing."""
    _require_record(by, org, kind, bool(fields.get("research")))
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    meeting = Meeting(org=org, org_path=org.path, kind=kind, title=(title or "").strip(), starts_at=starts_at,
                      ends_at=ends_at, created_by=by if getattr(by, "is_authenticated", False) else None, **fields)
    errors = Errors()
    if org.is_deleted:
        errors.add("org", f"主办组织“{org.name}”已被删除")
    check_meeting(meeting, co_hosts, errors)
    agenda_rows = clean_agenda(agenda or (), errors)
    guest_rows = clean_guests(guests or (), errors)
    attendance_rows = clean_attendance(org, attendance or (), errors)
    chair_conflict(meeting.chair, guest_rows, errors)
    errors.raise_if_any()

    meeting.save()
    # A new record's history lists what was filled in, not every empty field.
    changes = {k: v for k, v in diff({}, snapshot(meeting, MEETING_FIELDS)).items() if v[1] not in ("", None, False)}
    if co_hosts:
        meeting.co_hosts.set(co_hosts)
        changes["co_hosts"] = [None, co_hosts_text(co_hosts)]
    changes.update(write_agenda(meeting, agenda_rows))
    changes.update(write_guests(meeting, guest_rows))
    changes.update(write_attendance(meeting, attendance_rows))
    if meeting.chair_guest_id:
        changes["chair_guest"] = [None, str(meeting.chair_guest)]
    audit_record(actor=by, obj=meeting, action=AuditEntry.Action.CREATE, changes=readable(changes),
                 org_path=meeting.org_path)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    by,
    meeting: Meeting,
    co_hosts: Sequence[Org] | None = None,
    agenda: Sequence[AgendaRow] | None = None,
    attendance: Sequence[AttendanceRow] | None = None,
    guests: Sequence[GuestRow] | None = None,
    **fields: Any,
) -> Meeting:
    """Change a meeting. Parts passed as None stay as they are; a list replaces that part whole."""
    _require_record(by, meeting.org, meeting.kind, meeting.research)
    _require_record(by, meeting.org, fields.get("kind", meeting.kind), fields.get("research", meeting.research))
    if meeting.is_deleted:
        raise ValidationError("该记录已删除，请先恢复")
    if "org" in fields and fields["org"] != meeting.org:
        raise ValidationError({"org": "主办组织不能修改；如登记错了，请删除后重新登记"})
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    meeting = Meeting.all_objects.select_for_update(of=("self",)).select_related("org", "chair", "chair_guest", "recorder").get(
        pk=meeting.pk
    )
    before = snapshot(meeting, MEETING_FIELDS)
    old_co_hosts = list(meeting.co_hosts.all())
    stored_people = {"chair": meeting.chair_id, "recorder": meeting.recorder_id}
    for name, value in fields.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    if fields.get("chair") is not None:
        meeting.chair_guest = None
    errors = Errors()
    unchanged = [f for f, pk in stored_people.items() if getattr(meeting, f"{f}_id") == pk]
    check_meeting(meeting, co_hosts, errors, unchanged=unchanged)
    agenda_rows = clean_agenda(agenda, errors) if agenda is not None else None
    guest_rows = clean_guests(guests, errors) if guests is not None else None
    keep = meeting.attendance.values_list("member_id", flat=True)
    attendance_rows = (
        clean_attendance(meeting.org, attendance, errors, keep_ids=list(keep)) if attendance is not None else None
    )
    chair_conflict(meeting.chair, guest_rows, errors)
    errors.raise_if_any()

    meeting.save()
    changes: dict[str, list] = {}
    if co_hosts is not None and {o.pk for o in co_hosts} != {o.pk for o in old_co_hosts}:
        meeting.co_hosts.set(co_hosts)
        changes["co_hosts"] = [co_hosts_text(old_co_hosts), co_hosts_text(co_hosts)]
    if agenda_rows is not None:
        changes.update(write_agenda(meeting, agenda_rows))
    if guest_rows is not None:
        changes.update(write_guests(meeting, guest_rows))
    if attendance_rows is not None:
        changes.update(write_attendance(meeting, attendance_rows))
    changes.update(diff(before, snapshot(meeting, MEETING_FIELDS)))
    if changes:
        audit_record(actor=by, obj=meeting, action=AuditEntry.Action.UPDATE, changes=readable(changes),
                     org_path=meeting.org_path)
    return meeting


@transaction.atomic
def meeting_delete(*, by, meeting: Meeting, reason: str = "") -> Meeting:
    _require_manage(by, meeting.org_path)
    if not meeting.is_deleted:
        meeting.deleted_at, meeting.deleted_by = timezone.now(), by if getattr(by, "is_authenticated", False) else None
        meeting.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(actor=by, obj=meeting, action=AuditEntry.Action.DELETE, org_path=meeting.org_path, note=reason)
    return meeting


@transaction.atomic
def meeting_restore(*, by, meeting: Meeting) -> Meeting:
    _require_manage(by, meeting.org_path)
    if meeting.org.is_deleted:
        raise ValidationError(f"主办组织“{meeting.org.name}”已被删除，请先恢复该组织")
    if meeting.is_deleted:
        meeting.deleted_at, meeting.deleted_by = None, None
        meeting.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(actor=by, obj=meeting, action=AuditEntry.Action.RESTORE, org_path=meeting.org_path)
    return meeting


def _set_part(by, meeting: Meeting, **part) -> Meeting:
    return meeting_update(by=by, meeting=meeting, **part)


def agenda_set(*, by, meeting: Meeting, rows: Sequence[AgendaRow]) -> Meeting:
    """Replace the agenda with `rows`, in order."""
    return _set_part(by, meeting, agenda=rows)


def attendance_set(*, by, meeting: Meeting, rows: Sequence[AttendanceRow]) -> Meeting:
    """Replace the attendance with `rows`; QR check-ins of people still present are kept."""
    return _set_part(by, meeting, attendance=rows)


def guests_set(*, by, meeting: Meeting, rows: Sequence[GuestRow]) -> Meeting:
    """Replace the guests with `rows`; a row with chair=True becomes the chair."""
    return _set_part(by, meeting, guests=rows)


# --- attachments ---------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, by, meeting: Meeting, upload, name: str | None = None) -> Attachment:
    """Store a photo, PDF or .docx after checking what its content really is and its size."""
    _require_manage(by, meeting.org_path)
    if meeting.is_deleted:
        raise ValidationError("该记录已删除，请先恢复")
    original = (name or getattr(upload, "name", "") or "附件").replace("\\", "/").rsplit("/", 1)[-1][:200]
    try:
        checked = check_upload(upload, name=original)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    attachment = Attachment(
        meeting=meeting, original_name=original, kind=checked.type.kind, content_type=checked.type.content_type,
        extension=checked.type.extension, size=checked.size, sha256=checked.sha256,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    path = f"meetings/{checked.sha256[:2]}/{checked.sha256}{checked.type.extension}"
    # Stored under its content hash: the same file uploaded twice is kept once. A file written by a
    # transaction that later rolls back stays behind unreferenced, which is harmless.
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(checked.data))
    attachment.file.name = path
    attachment.save()
    audit_record(actor=by, obj=meeting, action=AuditEntry.Action.UPDATE,
                 changes={ATTACHMENTS_KEY: [None, original]}, org_path=meeting.org_path)
    return attachment


@transaction.atomic
def attachment_remove(*, by, attachment: Attachment) -> None:
    meeting = attachment.meeting
    _require_manage(by, meeting.org_path)
    if attachment.deleted_at is None:
        attachment.deleted_at = timezone.now()
        attachment.save(update_fields=["deleted_at", "updated_at"])
        audit_record(actor=by, obj=meeting, action=AuditEntry.Action.UPDATE,
                     changes={ATTACHMENTS_KEY: [attachment.original_name, None]}, org_path=meeting.org_path)


# --- check-in ------------------------------------------------------------------------------------


def _local(moment: dt.datetime) -> str:
    t = timezone.localtime(moment)
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


class CheckinRefused(ValidationError):
    """A check-in that must not happen; the message says why, for the person holding the phone."""


@transaction.atomic
def checkin(*, meeting: Meeting, user, now: dt.datetime | None = None) -> tuple[Attendance, bool]:
    """Mark the user's member record present at `meeting` via QR. Returns (attendance, newly checked in).

    Only a member of the host, and only from CHECKIN_MARGIN before the start until CHECKIN_MARGIN after
    the end, judged at the moment of use.
    """
    now = now or timezone.now()
    if meeting.is_deleted:
        raise CheckinRefused("该会议记录已被删除，无法签到")
    opens, closes = checkin_window(meeting)
    if now < opens:
        raise CheckinRefused(
            f"签到尚未开始：会议开始前{CHECKIN_MARGIN.seconds // 60}分钟起可以签到"
            f"({_local(opens)}起)"
        )
    if now > closes:
        raise CheckinRefused("签到已结束：这个签到码已过期")
    member = Member.objects.filter(user=user).first() if getattr(user, "is_authenticated", False) else None
    if member is None:
        raise CheckinRefused("您的账号没有关联党员信息，无法签到；请联系支部书记")
    if not host_members(meeting.org).filter(pk=member.pk).exists():
        raise CheckinRefused(f"{member.name}不是主办组织“{meeting.org.display_name}”的党员，不能在此签到")
    attendance = Attendance.objects.select_for_update().filter(meeting=meeting, member=member).first()
    if attendance is not None and attendance.status == Attendance.Status.PRESENT and attendance.checked_in_at:
        return attendance, False
    before = attendance.get_status_display() if attendance else None
    if attendance is None:
        attendance = Attendance(meeting=meeting, member=member)
    attendance.status, attendance.reason = Attendance.Status.PRESENT, ""
    attendance.via, attendance.checked_in_at = Attendance.Via.QR, now
    attendance.save()
    audit_record(actor=user, obj=meeting, action=AuditEntry.Action.UPDATE,
                 changes={ATTENDANCE_KEY: [f"{member.name} {before}" if before else None, f"{member.name} 扫码签到"]},
                 org_path=meeting.org_path)
    return attendance, True

