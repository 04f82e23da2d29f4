"""The assignment run, packing and the parcels' way to the courier: validated, atomic, audited."""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from zhibu.core.audit import audit_record
from zhibu.core.models import AuditEntry
from zhibu.core.progress import ProgressCallback
from zhibu.orgs.selectors import can_manage

from . import assignment
from .couriers import Courier, normalize_tracking, tracking_problem
from .models import AssignmentRun, Campaign, Parcel, Registration, Shift
from .selectors import can_handle_campaign

A = AuditEntry.Action
R = Registration.Status
P = Parcel.Status
CHUNK = 2000


@dataclass(frozen=True)
class ParcelRow:
    courier: str
    weight_kg: Decimal | None = None


def _require_handler(by, campaign: Campaign) -> None:
    if by is not None and not can_handle_campaign(by, campaign):
        raise PermissionDenied("只有本次毕业寄的负责人和志愿者可以处理包裹")


# --- assignment -----------------------------------------------------------------------------------


def assignment_run(*, by, campaign: Campaign, reset: bool = False,
                   progress: ProgressCallback | None = None) -> AssignmentRun:
    """Assign the campaign's waiting registrations to shifts; `reset` first returns unpacked ones to the queue.

    Reads in two queries, computes in memory (see `assignment`), and writes only the rows whose shift or reason
    changed, 2,000 to a statement.
    """
    if by is not None and not can_manage(by, campaign.org_path):
        raise PermissionDenied("只有本次毕业寄工作的负责人可以排班")
    started = time.perf_counter()
    waiting = [R.REGISTERED, R.ASSIGNED] if reset else [R.REGISTERED]
    with transaction.atomic():
        rows = {pk: (b, s, e, shift_id, status, reason) for pk, b, s, e, shift_id, status, reason in
                Registration.objects.filter(campaign=campaign, status__in=waiting)
                .values_list("pk", "building", "preferred_from", "preferred_to", "shift_id", "status",
                             "unassigned_reason")}
        needs = [assignment.Need(id=pk, building=r[0], start=r[1], end=r[2]) for pk, r in rows.items()]
        # Places already taken by registrations that are not being reconsidered.
        kept = Q(registrations__deleted_at__isnull=True) & ~Q(registrations__status__in=waiting)
        places = [assignment.Place(id=row["pk"], building=row["building"], date=row["date"],
                                   order=Shift.SLOT_ORDER[row["slot"]], free=max(row["quota"] - row["taken"], 0))
                  for row in Shift.objects.filter(campaign=campaign).values("pk", "building", "date", "slot", "quota")
                  .annotate(taken=Count("registrations", filter=kept)).order_by()]
        outcome = assignment.assign(needs, places)
        changed = []
        for pk, (_, _, _, shift_id, status, reason) in rows.items():
            if pk in outcome.placed:
                target = (outcome.placed[pk], R.ASSIGNED, "")
            else:
                target = (None, R.REGISTERED, outcome.unplaced[pk][1][:200])
            if target != (shift_id, status, reason):
                changed.append((pk, *target))
        total = len(changed)
        if progress:
            progress(0, total)
        for i in range(0, total, CHUNK):
            _write_assignments(changed[i:i + CHUNK])
            if progress:
                progress(min(i + CHUNK, total), total)
        if progress:
            progress(total, total)
        run = AssignmentRun.objects.create(
            campaign=campaign, by=by if getattr(by, "is_authenticated", False) else None, considered=len(needs),
            assigned=len(outcome.placed), unassigned=len(outcome.unplaced), reasons=outcome.reason_counts(),
            seconds=round(time.perf_counter() - started, 3))
        audit_record(actor=by, obj=campaign, action=A.UPDATE, org_path=campaign.org_path,
                     note=f"排班：{len(needs)}份登记，安排{run.assigned}份，未能安排{run.unassigned}份")
    return run


def _write_assignments(rows: list[tuple[int, int | None, str, str]]) -> None:
    """One UPDATE … FROM (VALUES …) for a batch of (id, shift id, status, reason): PostgreSQL and SQLite ≥ 3.33.

    Django's bulk_update builds a CASE expression per row and field, which at 10,000 rows costs tens of seconds of
    Python; per-shift UPDATEs cost hundreds of round trips. The statement is built from the model's own table and
    column names; every value is a parameter.
    """
    table = connection.ops.quote_name(Registration._meta.db_table)
    col = {f: connection.ops.quote_name(Registration._meta.get_field(f).column)
           for f in ("id", "shift", "status", "unassigned_reason")}
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    sql = (f"UPDATE {table} SET {col['shift']} = CAST(v.column2 AS bigint), {col['status']} = v.column3, "
           f"{col['unassigned_reason']} = v.column4 FROM (VALUES {values}) AS v "
           f"WHERE {table}.{col['id']} = CAST(v.column1 AS bigint)")
    with connection.cursor() as cursor:
        cursor.execute(sql, [x for row in rows for x in row])


def share_assigned(*, campaign: Campaign) -> float:
    """The share of the campaign's registrations that have a shift (assigned, packed or further)."""
    rows = Registration.objects.filter(campaign=campaign).aggregate(
        total=Count("id"), placed=Count("id", filter=Q(shift__isnull=False)))
    return rows["placed"] / rows["total"] if rows["total"] else 0.0


# --- packing and parcels --------------------------------------------------------------------------


def _weight(value, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        w = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError({"weight_kg": [f"{label}的重量“{value}”不是数字"]}) from exc
    if w <= 0 or w > 100:
        raise ValidationError({"weight_kg": [f"{label}的重量{w}千克不合理：应在0至100千克之间"]})
    return w.quantize(Decimal("0.1"))


@transaction.atomic
def registration_pack(*, by, registration: Registration, parcels: list[ParcelRow],
                      shift: Shift | None = None) -> list[Parcel]:
    """Record the parcels packed from a graduate's room (by the shift's volunteers)."""
    reg = Registration.objects.select_for_update().select_related("campaign").get(pk=registration.pk)
    _require_handler(by, reg.campaign)
    if not parcels:
        raise ValidationError({"parcels": ["请至少登记一件包裹"]})
    shift = shift or reg.shift
    if shift is not None and shift.campaign_id != reg.campaign_id:
        raise ValidationError({"shift": ["该班次不属于本次毕业寄工作"]})
    seq = reg.parcels.count()
    made = []
    for i, row in enumerate(parcels, start=seq + 1):
        if row.courier not in Courier.values:
            raise ValidationError({"courier": [f"第{i}件：未知的快递公司“{row.courier}”"]})
        made.append(Parcel(registration=reg, campaign_id=reg.campaign_id, org_id=reg.org_id, org_path=reg.org_path,
                           seq=i, courier=row.courier, weight_kg=_weight(row.weight_kg, f"第{i}件"),
                           status=P.PACKED, packed_shift=shift))
    Parcel.objects.bulk_create(made)
    if reg.status in (R.REGISTERED, R.ASSIGNED, R.SHIPPED, R.DONE):
        reg.status = R.PACKED
        if reg.shift_id is None and shift is not None:
            reg.shift = shift
        reg.save(update_fields=["status", "shift", "updated_at"])
    audit_record(actor=by, obj=reg, action=A.UPDATE, org_path=reg.org_path,
                 note=f"打包{len(made)}件" + (f"（{shift}）" if shift else ""))
    return made


def _registration_status(reg: Registration) -> str:
    statuses = list(reg.parcels.values_list("status", flat=True))
    if not statuses:
        return R.ASSIGNED if reg.shift_id else R.REGISTERED
    if all(s == P.DELIVERED for s in statuses):
        return R.DONE
    if all(s in Parcel.SENT for s in statuses):
        return R.SHIPPED
    return R.PACKED


@transaction.atomic
def parcel_update(*, by, parcel: Parcel, status: str, tracking_number: str | None = None,
                  courier: str | None = None, problem_note: str = "", weight_kg=None) -> Parcel:
    """Move a parcel along: packed → handed to the courier (with a checked tracking number) → delivered, or a problem."""
    p = Parcel.objects.select_for_update().select_related("registration", "campaign").get(pk=parcel.pk)
    _require_handler(by, p.campaign)
    label = f"{p.registration}第{p.seq}件"
    if status not in P.values:
        raise ValidationError({"status": [f"未知的包裹状态“{status}”"]})
    courier = courier or p.courier
    if courier not in Courier.values:
        raise ValidationError({"courier": [f"未知的快递公司“{courier}”"]})
    number = normalize_tracking(tracking_number) if tracking_number is not None else p.tracking_number
    errors: dict[str, list[str]] = {}
    if number:
        problem = tracking_problem(courier, number)
        if problem:
            errors["tracking_number"] = [f"{label}：{problem}"]
        elif Parcel.objects.filter(courier=courier, tracking_number=number).exclude(pk=p.pk).exists():
            errors["tracking_number"] = [f"{label}：运单号{number}已登记在另一件包裹上"]
    if status in Parcel.SENT and not number:
        errors["tracking_number"] = [f"{label}：交寄快递须填写运单号"]
    if status == P.DELIVERED and p.status not in Parcel.SENT:
        errors["status"] = [f"{label}尚未交寄，不能标记为已签收"]
    if status == P.PROBLEM and not problem_note.strip():
        errors["problem_note"] = [f"{label}：请说明异常情况"]
    if weight_kg not in (None, ""):
        try:
            p.weight_kg = _weight(weight_kg, label)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    before = {"status": p.status, "tracking_number": p.tracking_number, "courier": p.courier}
    today = timezone.localdate()
    p.status, p.courier, p.tracking_number = status, courier, number
    p.problem_note = problem_note.strip() if status == P.PROBLEM else p.problem_note
    if status == P.HANDED and p.handed_on is None:
        p.handed_on = today
    if status == P.DELIVERED:
        p.handed_on = p.handed_on or today
        p.delivered_on = today
    p.save()
    reg = p.registration
    new_status = _registration_status(reg)
    if new_status != reg.status:
        Registration.objects.filter(pk=reg.pk).update(status=new_status, updated_at=timezone.now())
        reg.status = new_status
    after = {"status": p.status, "tracking_number": p.tracking_number, "courier": p.courier}
    audit_record(actor=by, obj=p, action=A.UPDATE, org_path=p.org_path,
                 changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
                 note=p.problem_note if status == P.PROBLEM else "")
    return p
