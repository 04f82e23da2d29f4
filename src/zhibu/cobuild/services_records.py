"""Writes of joint activities (meetings of kind 共建活动, through the meetings services) and outcomes."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.validation import Errors
from zhibu.meetings import services as meeting_services
from zhibu.meetings.models import Meeting, MeetingKind
from zhibu.orgs.models import Org

from .models import Activity, Outcome, Partnership
from .selectors import can_write_partnership
from .services import (
    ACTIVITIES_KEY,
    OUTCOME_FIELDS,
    OUTCOMES_KEY,
    ParticipantRow,
    _actor,
    _manages,
    _require,
    store_file,
)

# --- joint activities -----------------------------------------------------------------------------


def _host_side(by, p: Partnership) -> tuple[Org, Org | None]:
    """(host, co-host): the campus branch hosts unless the recording user manages only the student branch."""
    if p.partner_org is not None and not _manages(by, p.org_path):
        return p.partner_org, p.org
    return p.org, p.partner_org


@transaction.atomic
def activity_record(
    *, by, partnership: Partnership, title: str, starts_at: dt.datetime, ends_at: dt.datetime,
    attendance: Sequence[int] = (), partner_participants: Sequence[ParticipantRow] = (),
    partner_count: int | None = None, place: str = "", topic: str = "", minutes: str = "",
) -> Activity:
    """Record a joint activity as a meeting of kind 共建活动： the host's members who took part (`attendance`,
    member ids) and the partner's side (named participants, and how many came in all)."""
    _require(by is None or can_write_partnership(by, partnership))
    errors = Errors()
    if partnership.is_deleted:
        errors.add("__all__", "该共建已删除，请先恢复")
    host, co_host = _host_side(by, partnership)
    guests = [meeting_services.GuestRow(name=r.name, unit=partnership.counterpart[:120], title=r.title)
              for r in partner_participants if (r.name or "").strip()]
    partner_total = max(partner_count or 0, len(guests))
    if not attendance:
        errors.add("attendance", f"请登记“{host.display_name}”参加活动的党员")
    if partner_total < 1:
        errors.add("partner", f"请登记共建方（“{partnership.counterpart}”）的参加人员或人数")
    if partner_count is not None and partner_count < len(guests):
        errors.add("partner", f"共建方参加人数（{partner_count}）少于登记的姓名数（{len(guests)}）")
    if starts_at and timezone.localtime(starts_at).date() < partnership.starts_on:
        errors.add("starts_at", "活动日期早于共建开始日期")
    meeting = None
    try:
        with transaction.atomic():
            meeting = meeting_services.meeting_create(
                by=by, org=host, kind=MeetingKind.COBUILD_ACTIVITY, title=title, starts_at=starts_at, ends_at=ends_at,
                co_hosts=[co_host] if co_host else [], place=place, topic=topic, minutes=minutes,
                attendance=[meeting_services.AttendanceRow(member_id=i) for i in attendance], guests=guests,
            )
            errors.raise_if_any()
    except ValidationError as exc:
        if meeting is None:
            errors.merge(exc)
        errors.raise_if_any()
    activity = Activity.objects.create(partnership=partnership, org_path=partnership.org_path, meeting=meeting,
                                       campus_count=len(set(attendance)), partner_count=partner_total)
    audit_record(actor=by, obj=partnership, action=AuditEntry.Action.UPDATE,
                 changes={ACTIVITIES_KEY: [None, meeting.title]}, org_path=partnership.org_path)
    return activity


@transaction.atomic
def activity_link(*, by, partnership: Partnership, meeting: Meeting, partner_count: int) -> Activity:
    """Link a meeting already recorded as 共建活动 to the partnership it belongs to."""
    _require(by is None or can_write_partnership(by, partnership))
    errors = Errors()
    if meeting.kind != MeetingKind.COBUILD_ACTIVITY:
        errors.add("meeting", "只有类型为“共建活动”的组织生活记录可以关联到共建")
    if meeting.org_id not in {partnership.org_id, partnership.partner_org_id}:
        errors.add("meeting", f"该活动不是由“{partnership.org.display_name}”或其共建方主办的")
    linked = Activity.objects.filter(meeting=meeting).select_related("partnership").first()
    if linked is not None:
        errors.add("meeting", f"该活动已关联到“{linked.partnership.title}”")
    if partner_count < 1:
        errors.add("partner", f"请填写共建方（“{partnership.counterpart}”）的参加人数")
    errors.raise_if_any()
    present = meeting.attendance.filter(status="present").count()
    activity = Activity.objects.create(partnership=partnership, org_path=partnership.org_path, meeting=meeting,
                                       campus_count=present, partner_count=partner_count)
    audit_record(actor=by, obj=partnership, action=AuditEntry.Action.UPDATE,
                 changes={ACTIVITIES_KEY: [None, meeting.title]}, org_path=partnership.org_path)
    return activity


# --- outcomes -------------------------------------------------------------------------------------


@transaction.atomic
def outcome_record(
    *, by, partnership: Partnership, kind: str, title: str, occurred_on: dt.date, quantity: int = 1,
    description: str = "", evidence=None,
) -> Outcome:
    """Record what a partnership achieved: technical support, training, jobs opened …, with evidence."""
    _require(by is None or can_write_partnership(by, partnership))
    o = Outcome(partnership=partnership, org_id=partnership.org_id, org_path=partnership.org_path, kind=kind,
                title=(title or "").strip(), quantity=quantity, occurred_on=occurred_on,
                description=description or "", created_by=_actor(by))
    errors = Errors()
    if partnership.is_deleted:
        errors.add("__all__", "该共建已删除，请先恢复")
    if occurred_on and occurred_on < partnership.starts_on:
        errors.add("occurred_on", "成果日期早于共建开始日期")
    if occurred_on and occurred_on > timezone.localdate():
        errors.add("occurred_on", "成果日期不能晚于今天")
    if quantity is None or quantity < 1:
        errors.add("quantity", "数量至少为1")
    try:
        o.full_clean(exclude=["org_path", "partnership", "org"], validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)
    errors.raise_if_any()
    if evidence is not None:
        o.evidence = store_file(by=by, org=partnership.org, upload=evidence, field="evidence")
    o.save()
    changes = diff({}, snapshot(o, OUTCOME_FIELDS))
    if o.evidence_id:
        changes["evidence"] = [None, o.evidence.original_name]
    audit_record(actor=by, obj=o, action=AuditEntry.Action.CREATE, changes=changes, org_path=o.org_path)
    audit_record(actor=by, obj=partnership, action=AuditEntry.Action.UPDATE,
                 changes={OUTCOMES_KEY: [None, f"{o.get_kind_display()}：{o.title}"]}, org_path=partnership.org_path)
    return o


@transaction.atomic
def outcome_delete(*, by, outcome: Outcome, reason: str = "") -> None:
    _require(by is None or can_write_partnership(by, outcome.partnership))
    if not outcome.is_deleted:
        outcome.deleted_at, outcome.deleted_by = timezone.now(), _actor(by)
        outcome.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(actor=by, obj=outcome.partnership, action=AuditEntry.Action.UPDATE,
                     changes={OUTCOMES_KEY: [outcome.title, None]}, org_path=outcome.org_path, note=reason)
