"""The parts of a meeting record (agenda, attendance, guests): their rows, how they are checked, and how
they are written with the lines of history that say what changed. `services` calls these inside its
transactions; nothing here checks permissions or opens a transaction of its own."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from zhibu.core.validation import Errors
from zhibu.orgs.models import Member, Org

from .models import AgendaItem, Attendance, Guest, Meeting
from .selectors import host_members

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


def _host_label(host: Org) -> str:
    return f"“{host.display_name}”"


# --- validation ----------------------------------------------------------------------------------


def check_meeting(
    meeting: Meeting, co_hosts: Sequence[Org] | None, errors: Errors, *, unchanged: Iterable[str] = ()
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


def clean_agenda(rows: Iterable[AgendaRow], errors: Errors) -> list[AgendaRow]:
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


def clean_guests(rows: Iterable[GuestRow], errors: Errors) -> list[GuestRow]:
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


def clean_attendance(
    host: Org, rows: Iterable[AttendanceRow], errors: Errors, *, keep_ids: Iterable[int] = ()
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


def write_agenda(meeting: Meeting, rows: list[AgendaRow]) -> dict[str, list]:
    before = _agenda_text(meeting.agenda.all())
    meeting.agenda.all().delete()
    AgendaItem.objects.bulk_create([
        AgendaItem(meeting=meeting, ordinal=n, title=r.title, presenter=r.presenter, summary=r.summary)
        for n, r in enumerate(rows, start=1)
    ])
    after = _agenda_text(rows)
    return {AGENDA_KEY: [before or None, after or None]} if before != after else {}


def write_guests(meeting: Meeting, rows: list[GuestRow]) -> dict[str, list]:
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


def write_attendance(meeting: Meeting, rows: list[tuple[Member, AttendanceRow]]) -> dict[str, list]:
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


def readable(changes: dict[str, list]) -> dict[str, list]:
    """History as people read it: 是/否 for flags, long texts (minutes) shortened to their opening."""

    def show(value):
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, str) and len(value) > 80:
            return f"{value[:60]}……(共{len(value)}字)"
        return value

    return {key: [show(old), show(new)] for key, (old, new) in changes.items()}


def co_hosts_text(orgs: Iterable[Org]) -> str | None:
    names = sorted(o.name for o in orgs)
    return "、".join(names) or None


def chair_conflict(chair: Member | None, guests: list[GuestRow] | None, errors: Errors) -> None:
    if chair is not None and guests and any(g.chair for g in guests):
        errors.add("chair", "主持人只能有一位：已选本组织党员主持，就不能再把来宾标为主持人")
