"""Changing, deleting (soft) and restoring shifts and registrations after they were made.

A shift's places cannot shrink below the volunteers already signed up, nor its packing quota below the
registrations already assigned to it; a shift with registrations assigned keeps its building, and its date
stays within their preferred dates. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot

from .models import Registration, Shift, Signup
from .services import A, _actor, _day, _manages, _shift_problems, normalize_building

SHIFT_FIELDS = ["date", "slot", "building", "capacity", "quota", "note"]


def _label(shift: Shift) -> str:
    return f"{_day(shift.date)}{shift.get_slot_display()[:2]}{shift.building}"


@transaction.atomic
def shift_update(
    *, by, shift: Shift, date: dt.date, slot: str, building: str, capacity: int, quota: int, note: str = ""
) -> Shift:
    locked = Shift.objects.select_for_update().select_related("campaign").get(pk=shift.pk)
    campaign = locked.campaign
    if not _manages(by, campaign.org_path):
        raise PermissionDenied("您没有权限修改该班次")
    building = normalize_building(building)
    errors = _shift_problems(campaign, date, slot, building, capacity, quota)
    signups = Signup.objects.filter(shift=locked).count()
    assigned = list(Registration.objects.filter(shift=locked).only("pk", "preferred_from", "preferred_to"))
    if "capacity" not in errors and capacity < signups:
        errors["capacity"] = [
            f"志愿者名额不能少于已报名的{signups}人（班次“{_label(locked)}”）；"
            f"如需减少，请先取消部分志愿者的报名"
        ]
    if "quota" not in errors and quota < len(assigned):
        errors["quota"] = [f"可打包登记数不能少于已安排到本班次的{len(assigned)}份登记；如需减少，请重新排班"]
    if assigned and building and building != locked.building:
        errors["building"] = [f"本班次已安排{len(assigned)}份“{locked.building}”的登记，不能改为其他楼栋"]
    misfit = [r for r in assigned if not r.preferred_from <= date <= r.preferred_to]
    if misfit and "date" not in errors:
        errors["date"] = [f"已安排的登记中有{len(misfit)}份的意向日期不含{_day(date)}，不能改到这一天"]
    if (
        not errors
        and Shift.objects.filter(campaign=campaign, date=date, slot=slot, building=building)
        .exclude(pk=locked.pk)
        .exists()
    ):
        errors["building"] = [f"{_day(date)}{Shift.Slot(slot).label[:2]}已有“{building}”的班次"]
    if errors:
        raise ValidationError(errors)
    before = snapshot(locked, SHIFT_FIELDS)
    locked.date, locked.slot, locked.building = date, slot, building
    locked.capacity, locked.quota, locked.note = capacity, quota, (note or "").strip()
    locked.save()
    if before["slot"] != slot:  # volunteers' hours follow the slot's length
        Signup.objects.filter(shift=locked).update(hours=locked.hours.quantize(Decimal("0.1")))
    changes = diff(before, snapshot(locked, SHIFT_FIELDS))
    if changes:
        audit_record(actor=by, obj=locked, action=A.UPDATE, org_path=campaign.org_path, changes=changes)
    return locked


@transaction.atomic
def shift_delete(*, by, shift: Shift) -> None:
    locked = Shift.objects.select_for_update().select_related("campaign").get(pk=shift.pk)
    if not _manages(by, locked.campaign.org_path):
        raise PermissionDenied("您没有权限删除该班次")
    signups = Signup.objects.filter(shift=locked).count()
    assigned = Registration.objects.filter(shift=locked).count()
    if assigned:
        raise ValidationError(
            {"__all__": [f"班次“{_label(locked)}”已安排{assigned}份登记，不能删除；请先重新排班"]}
        )
    if signups:
        raise ValidationError(
            {"__all__": [f"班次“{_label(locked)}”已有{signups}名志愿者报名，不能删除；请先取消他们的报名"]}
        )
    locked.deleted_at, locked.deleted_by = timezone.now(), _actor(by)
    locked.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=locked, action=A.DELETE, org_path=locked.org_path)


@transaction.atomic
def shift_restore(*, by, shift: Shift) -> Shift:
    if not _manages(by, shift.campaign.org_path):
        raise PermissionDenied("您没有权限恢复该班次")
    if shift.deleted_at is None:
        return shift
    if Shift.objects.filter(
        campaign_id=shift.campaign_id, date=shift.date, slot=shift.slot, building=shift.building
    ).exists():
        raise ValidationError({"__all__": [f"{_label(shift)}已有新的班次，不能恢复"]})
    shift.deleted_at, shift.deleted_by = None, None
    shift.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=shift, action=A.RESTORE, org_path=shift.org_path)
    return shift


@transaction.atomic
def registration_restore(*, by, registration: Registration) -> Registration:
    """Bring back a withdrawn registration (staff only), back in the queue for the next assignment."""
    reg = registration
    if not (_manages(by, reg.org_path) or _manages(by, reg.campaign.org_path)):
        raise PermissionDenied("您没有权限恢复该登记")
    if reg.deleted_at is None:
        return reg
    if Registration.objects.filter(campaign_id=reg.campaign_id, graduate_id=reg.graduate_id).exists():
        raise ValidationError({"__all__": [f"{reg.graduate.name}已重新登记本次毕业寄，不能恢复旧的登记"]})
    reg.deleted_at, reg.deleted_by, reg.shift = None, None, None
    if reg.status == Registration.Status.ASSIGNED:
        reg.status = Registration.Status.REGISTERED
    reg.save(update_fields=["deleted_at", "deleted_by", "shift", "status", "updated_at"])
    audit_record(actor=by, obj=reg, action=A.RESTORE, org_path=reg.org_path)
    return reg
