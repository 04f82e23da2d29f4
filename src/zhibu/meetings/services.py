"""Every write to meeting records: validated, atomic, scoped and written to the audit history.

A meeting and its agenda, attendance and guests are saved together or not at all. Bad input is
refused with a ValidationError whose messages are in Chinese and name the field or the row
(`第3行（周敏）：请假须填写事由`); row errors carry `params={"row": n}` (1-based) so that forms can
mark the row.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.uploads import check_upload
from zhibu.orgs.models import Member, Org
from zhibu.orgs.selectors import can_manage, can_research

from .checkin import CHECKIN_MARGIN, checkin_window
from .models import AgendaItem, Attachment, Attendance, Guest, Meeting, MeetingKind
from .selectors import host_members

MEETING_FIELDS = [
    "org", "kind", "research", "title", "topic", "starts_at", "ends_at", "place", "chair", "chair_guest",
    "recorder", "minutes", "resolutions",
]
EDITABLE_FIELDS = frozenset(MEETING_FIELDS) - {"org", "chair_guest"}
# History keys for the parts of a meeting that are not its own columns. AuditEntry shows a key that is
# not a model field as it is, so these are the labels people read.
AGENDA_KEY, ATTENDANCE_KEY, GUESTS_KEY, ATTACHMENTS_KEY = "议程", "出席情况", "来宾", "附件"


@dataclass(frozen=True)
class AgendaRow:
    title: str
    presenter: str = ""
    summary: str = ""


@dataclass(frozen=True)
class AttendanceRow:
    member_id: int
    status: str = Attendance.Status.PRESENT
    reason: str = ""


@dataclass(frozen=True)
class GuestRow:
    name: str
    unit: str = ""
    title: str = ""
    chair: bool = False


class _Errors:
    """Collects every problem before anything is written, so the user sees them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[ValidationError]] = {}

    def add(self, key: str, message: str, row: int | None = None) -> None:
        params = {"row": row} if row is not None else None
        self.errors.setdefault(key, []).append(ValidationError(message, code="invalid", params=params))

    def merge(self, exc: ValidationError) -> None:
        for key, messages in exc.message_dict.items():
            for m in messages:
                self.add(key, m)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


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


def _host_label(host: Org) -> str:
    return f"“{host.display_name}”"


# --- validation ----------------------------------------------------------------------------------


def _check_meeting(
    meeting: Meeting, co_hosts: Sequence[Org] | None, errors: _Errors, *, unchanged: Iterable[str] = ()
) -> None:
    """`unchanged`: people fields as stored, not checked again (a chair who has since left the host stays)."""
    if meeting.ends_at is None:
        errors.add("ends_at", "请填写结束时间")
    elif meeting.starts_at and meeting.ends_at < meeting.starts_at:
        errors.add("ends_at", "结束时间不能早于开始时间")
    if not (meeting.title or "").strip():
        errors.add("title", "请填写标题")
    if co_hosts is not None:
        if any(o.pk == meeting.org_id for o in co_hosts):
            errors.add("co_hosts", f"主办组织{_host_label(meeting.org)}不能同时是协办组织")
        for o in co_hosts:
            if o.is_deleted:
                errors.add("co_hosts", f"协办组织“{o.name}”已被删除")
    for field in ("chair", "recorder"):
        member = getattr(meeting, field)
        if field in unchanged:
            continue
        if member is not None and not host_members(meeting.org).filter(pk=member.pk).exists():
            if field == "chair":
                errors.add("chair", f"主持人{member.name}不是主办组织{_host_label(meeting.org)}的党员；"
                                    "由来宾主持的，请在来宾中把他标为主持人")
            else:
                errors.add("recorder", f"记录人{member.name}不是主办组织{_host_label(meeting.org)}的党员")
    try:
        meeting.full_clean(exclude=["org_path", "chair_guest", "ends_at", "title"], validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)


def _clean_agenda(rows: Iterable[AgendaRow], errors: _Errors) -> list[AgendaRow]:
    cleaned = []
    for i, row in enumerate(rows, start=1):
        title, presenter, summary = (row.title or "").strip(), (row.presenter or "").strip(), (row.summary or "").strip()
        if not title:
            if presenter or summary:
                errors.add("agenda", f"议程第{i}项：请填写议题", row=i)
            continue
        if len(title) > 300:
            errors.add("agenda", f"议程第{i}项：议题不能超过300字", row=i)
        if len(presenter) > 100:
            errors.add("agenda", f"议程第{i}项：汇报人不能超过100字", row=i)
        cleaned.append(AgendaRow(title=title, presenter=presenter, summary=summary))
    return cleaned


def _clean_guests(rows: Iterable[GuestRow], errors: _Errors) -> list[GuestRow]:
    cleaned = []
    for i, row in enumerate(rows, start=1):
        name, unit, title = (row.name or "").strip(), (row.unit or "").strip(), (row.title or "").strip()
        if not name:
            if unit or title or row.chair:
                errors.add("guests", f"来宾第{i}行：请填写姓名", row=i)
            continue
        for value, label, limit in ((name, "姓名", 60), (unit, "单位", 120), (title, "职务", 120)):
            if len(value) > limit:
                errors.add("guests", f"来宾第{i}行（{name}）：{label}不能超过{limit}字", row=i)
        cleaned.append(GuestRow(name=name, unit=unit, title=title, chair=bool(row.chair)))
    if sum(1 for g in cleaned if g.chair) > 1:
        errors.add("guests", "只能有一位来宾担任主持人")
    return cleaned


def _clean_attendance(
    host: Org, rows: Iterable[AttendanceRow], errors: _Errors, *, keep_ids: Iterable[int] = ()
) -> list[tuple[Member, AttendanceRow]]:
    """Rows resolved to members. `keep_ids`: people already recorded for this meeting, who may stay
    listed after they have left the host (an old meeting's record does not change when someone transfers)."""
    rows = list(rows)
    ids = {r.member_id for r in rows if r.member_id}
    found = {m.pk: m for m in Member.all_objects.filter(pk__in=ids)}
    allowed = set(host_members(host).filter(pk__in=ids).values_list("pk", flat=True)) | set(keep_ids)
    seen: dict[int, int] = {}
    cleaned = []
    statuses = dict(Attendance.Status.choices)
    for i, row in enumerate(rows, start=1):
        member = found.get(row.member_id)
        if member is None:
            errors.add("attendance", f"出席情况第{i}行：没有找到编号为{row.member_id}的党员", row=i)
            continue
        who = f"出席情况第{i}行（{member.name}）"
        if member.pk not in allowed:
            errors.add("attendance", f"{who}：不是主办组织{_host_label(host)}的党员", row=i)
            continue
        if member.pk in seen:
            errors.add("attendance", f"{who}：与第{seen[member.pk]}行重复", row=i)
            continue
        seen[member.pk] = i
        if row.status not in statuses:
            errors.add("attendance", f"{who}：出席情况应为出席、请假或缺席", row=i)
            continue
        reason = (row.reason or "").strip()
        if row.status == Attendance.Status.LEAVE and not reason:
            errors.add("attendance", f"{who}：请假须填写事由", row=i)
            continue
        if len(reason) > 200:
            errors.add("attendance", f"{who}：请假事由不能超过200字", row=i)
            continue
        if row.status != Attendance.Status.LEAVE:
            reason = ""
        cleaned.append((member, AttendanceRow(member_id=member.pk, status=row.status, reason=reason)))
    return cleaned


# --- writing the parts ---------------------------------------------------------------------------


def _agenda_text(items) -> str:
    return ";".join(
        f"{n}. {a.title}" + (f"({a.presenter})" if a.presenter else "") for n, a in enumerate(items, start=1)
    )


def _guests_text(guests, chair_index: int | None = None) -> str:
    parts = []
    for i, g in enumerate(guests):
        text = " ".join(p for p in (g.unit, g.title, g.name) if p)
        parts.append(text + ("(主持)" if i == chair_index else ""))
    return "、".join(parts)


def _attendance_text(rows: Iterable[tuple[str, str, str]]) -> str:
    """(name, status, reason) rows as one line: 出席12人；请假：王芳（出差）；缺席：李强."""
    present, leave, absent = [], [], []
    for name, status, reason in rows:
        if status == Attendance.Status.PRESENT:
            present.append(name)
        elif status == Attendance.Status.LEAVE:
            leave.append(f"{name}（{reason}）")
        else:
            absent.append(name)
    text = f"出席{len(present)}人"
    if leave:
        text += "；请假：" + "、".join(leave)
    if absent:
        text += "；缺席：" + "、".join(absent)
    return text


def _write_agenda(meeting: Meeting, rows: list[AgendaRow]) -> dict[str, list]:
    before = _agenda_text(meeting.agenda.all())
    meeting.agenda.all().delete()
    AgendaItem.objects.bulk_create([
        AgendaItem(meeting=meeting, ordinal=n, title=r.title, presenter=r.presenter, summary=r.summary)
        for n, r in enumerate(rows, start=1)
    ])
    after = _agenda_text(rows)
    return {AGENDA_KEY: [before or None, after or None]} if before != after else {}


def _write_guests(meeting: Meeting, rows: list[GuestRow]) -> dict[str, list]:
    old = list(meeting.guests.all())
    old_chair = next((i for i, g in enumerate(old) if g.pk == meeting.chair_guest_id), None)
    before = _guests_text(old, old_chair)
    chair_index = next((i for i, g in enumerate(rows) if g.chair), None)
    if meeting.chair_guest_id:
        meeting.chair_guest = None
        Meeting.all_objects.filter(pk=meeting.pk).update(chair_guest=None)
    meeting.guests.all().delete()
    guests = Guest.objects.bulk_create([
        Guest(meeting=meeting, ordinal=n, name=r.name, unit=r.unit, title=r.title)
        for n, r in enumerate(rows, start=1)
    ])
    if chair_index is not None:
        meeting.chair, meeting.chair_guest = None, guests[chair_index]
        Meeting.all_objects.filter(pk=meeting.pk).update(chair=None, chair_guest=guests[chair_index])
    after = _guests_text(rows, chair_index)
    return {GUESTS_KEY: [before or None, after or None]} if before != after else {}


def _write_attendance(meeting: Meeting, rows: list[tuple[Member, AttendanceRow]]) -> dict[str, list]:
    existing = {a.member_id: a for a in meeting.attendance.select_related("member")}
    before = _attendance_text(
        (a.member.name, a.status, a.reason) for a in sorted(existing.values(), key=lambda a: a.member.name)
    ) if existing else None
    wanted = {m.pk: row for m, row in rows}
    meeting.attendance.exclude(member_id__in=list(wanted)).delete()
    create, update = [], []
    for member, row in rows:
        current = existing.get(member.pk)
        if current is None:
            create.append(Attendance(meeting=meeting, member=member, status=row.status, reason=row.reason))
        elif (current.status, current.reason) != (row.status, row.reason):
            current.status, current.reason = row.status, row.reason
            if row.status != Attendance.Status.PRESENT:
                # A QR check-in is evidence of presence; it does not survive a change to leave or absent.
                current.via, current.checked_in_at = Attendance.Via.MANUAL, None
            update.append(current)
    Attendance.objects.bulk_create(create)
    Attendance.objects.bulk_update(update, ["status", "reason", "via", "checked_in_at"])
    after = _attendance_text(
        (m.name, row.status, row.reason) for m, row in sorted(rows, key=lambda mr: mr[0].name)
    ) if rows else None
    return {ATTENDANCE_KEY: [before, after]} if before != after else {}


def _readable(changes: dict[str, list]) -> dict[str, list]:
    """History as people read it: 是/否 for flags, long texts (minutes) shortened to their opening."""

    def show(value):
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, str) and len(value) > 80:
            return f"{value[:60]}……(共{len(value)}字)"
        return value

    return {key: [show(old), show(new)] for key, (old, new) in changes.items()}


def _co_hosts_text(orgs: Iterable[Org]) -> str | None:
    names = sorted(o.name for o in orgs)
    return "、".join(names) or None


def _chair_conflict(chair: Member | None, guests: list[GuestRow] | None, errors: _Errors) -> None:
    if chair is not None and guests and any(g.chair for g in guests):
        errors.add("chair", "主持人只能有一位：已选本组织党员主持，就不能再把来宾标为主持人")


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
    errors = _Errors()
    if org.is_deleted:
        errors.add("org", f"主办组织“{org.name}”已被删除")
    _check_meeting(meeting, co_hosts, errors)
    agenda_rows = _clean_agenda(agenda or (), errors)
    guest_rows = _clean_guests(guests or (), errors)
    attendance_rows = _clean_attendance(org, attendance or (), errors)
    _chair_conflict(meeting.chair, guest_rows, errors)
    errors.raise_if_any()

    meeting.save()
    # A new record's history lists what was filled in, not every empty field.
    changes = {k: v for k, v in diff({}, snapshot(meeting, MEETING_FIELDS)).items() if v[1] not in ("", None, False)}
    if co_hosts:
        meeting.co_hosts.set(co_hosts)
        changes["co_hosts"] = [None, _co_hosts_text(co_hosts)]
    changes.update(_write_agenda(meeting, agenda_rows))
    changes.update(_write_guests(meeting, guest_rows))
    changes.update(_write_attendance(meeting, attendance_rows))
    if meeting.chair_guest_id:
        changes["chair_guest"] = [None, str(meeting.chair_guest)]
    audit_record(actor=by, obj=meeting, action=AuditEntry.Action.CREATE, changes=_readable(changes),
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
    errors = _Errors()
    unchanged = [f for f, pk in stored_people.items() if getattr(meeting, f"{f}_id") == pk]
    _check_meeting(meeting, co_hosts, errors, unchanged=unchanged)
    agenda_rows = _clean_agenda(agenda, errors) if agenda is not None else None
    guest_rows = _clean_guests(guests, errors) if guests is not None else None
    keep = meeting.attendance.values_list("member_id", flat=True)
    attendance_rows = (
        _clean_attendance(meeting.org, attendance, errors, keep_ids=list(keep)) if attendance is not None else None
    )
    _chair_conflict(meeting.chair, guest_rows, errors)
    errors.raise_if_any()

    meeting.save()
    changes: dict[str, list] = {}
    if co_hosts is not None and {o.pk for o in co_hosts} != {o.pk for o in old_co_hosts}:
        meeting.co_hosts.set(co_hosts)
        changes["co_hosts"] = [_co_hosts_text(old_co_hosts), _co_hosts_text(co_hosts)]
    if agenda_rows is not None:
        changes.update(_write_agenda(meeting, agenda_rows))
    if guest_rows is not None:
        changes.update(_write_guests(meeting, guest_rows))
    if attendance_rows is not None:
        changes.update(_write_attendance(meeting, attendance_rows))
    changes.update(diff(before, snapshot(meeting, MEETING_FIELDS)))
    if changes:
        audit_record(actor=by, obj=meeting, action=AuditEntry.Action.UPDATE, changes=_readable(changes),
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

