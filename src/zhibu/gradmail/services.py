"""Writes to campaigns, shifts, volunteer signups and registrations: validated, atomic, scoped, audited.

Bad input is refused with a ValidationError in Chinese naming the field and the value, and nothing is saved.
Parcels and the assignment are in services_parcels.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.personal import normalize_phone, phone_problem
from zhibu.orgs.models import Member, Org
from zhibu.orgs.selectors import can_manage

from .couriers import Courier
from .models import Campaign, Registration, Shift, Signup

A = AuditEntry.Action
REGISTRATION_FIELDS = ["building", "room", "parcels_estimated", "recipient", "phone", "address", "preferred_from",
                       "preferred_to", "courier", "note"]


def _manages(by, path: str) -> bool:
    return by is None or can_manage(by, path)


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


def _day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def normalize_building(value: str) -> str:
    """`7 号楼` and `７号楼` are the same building: full-width folded, spaces dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or ""))


def _masked_diff(before: dict, after: dict) -> dict:
    """The history diff, with addresses masked like phones (history is personal data's most common leak)."""
    from .selectors import mask_address

    changes = diff(before, after)
    if "address" in changes:
        changes["address"] = [mask_address(v or "") for v in changes["address"]]
    return changes


# --- campaigns ------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, by, org: Org, year: int, starts_on: dt.date, ends_on: dt.date, title: str = "",
                    note: str = "") -> Campaign:
    if not _manages(by, org.path):
        raise PermissionDenied("您没有权限在该组织组织毕业寄工作")
    errors: dict[str, list[str]] = {}
    if ends_on < starts_on:
        errors["ends_on"] = [f"结束日期{_day(ends_on)}早于开始日期{_day(starts_on)}"]
    if starts_on.year != year:
        errors.setdefault("starts_on", []).append(f"开始日期{_day(starts_on)}不在{year}年")
    if Campaign.objects.filter(org=org, year=year).exists():
        errors["year"] = [f"{org.display_name}已有{year}年的毕业寄工作"]
    if errors:
        raise ValidationError(errors)
    campaign = Campaign.objects.create(org=org, org_path=org.path, year=year, starts_on=starts_on, ends_on=ends_on,
                                       title=title.strip() or f"{org.display_name}{year}届毕业生“毕业寄”",
                                       note=note, created_by=_actor(by))
    audit_record(actor=by, obj=campaign, action=A.CREATE, org_path=org.path,
                 changes={k: [None, v] for k, v in snapshot(campaign, ["year", "title", "starts_on", "ends_on"]).items()})
    return campaign


# --- shifts ---------------------------------------------------------------------------------------


def _shift_problems(campaign: Campaign, date: dt.date, slot: str, building: str, capacity: int,
                    quota: int) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not campaign.starts_on <= date <= campaign.ends_on:
        errors["date"] = [f"日期{_day(date)}不在本次工作期间（{_day(campaign.starts_on)}至{_day(campaign.ends_on)}）内"]
    if slot not in Shift.Slot.values:
        errors["slot"] = [f"未知的时段“{slot}”"]
    if not building:
        errors["building"] = ["请填写楼栋"]
    if capacity < 1:
        errors["capacity"] = ["志愿者名额至少为1"]
    if quota < 0:
        errors["quota"] = ["可打包登记数不能为负"]
    return errors


@transaction.atomic
def shift_create(*, by, campaign: Campaign, date: dt.date, slot: str, building: str, capacity: int = 6,
                 quota: int = 20, note: str = "") -> Shift:
    if not _manages(by, campaign.org_path):
        raise PermissionDenied("您没有权限为该毕业寄工作安排班次")
    building = normalize_building(building)
    errors = _shift_problems(campaign, date, slot, building, capacity, quota)
    if not errors and Shift.objects.filter(campaign=campaign, date=date, slot=slot, building=building).exists():
        errors["building"] = [f"{_day(date)}{Shift.Slot(slot).label[:2]}已有“{building}”的班次"]
    if errors:
        raise ValidationError(errors)
    shift = Shift.objects.create(campaign=campaign, org_id=campaign.org_id, org_path=campaign.org_path, date=date,
                                 slot=slot, building=building, capacity=capacity, quota=quota, note=note)
    audit_record(actor=by, obj=shift, action=A.CREATE, org_path=campaign.org_path,
                 changes={k: [None, v] for k, v in snapshot(shift, ["date", "slot", "building", "capacity",
                                                                    "quota"]).items()})
    return shift


@transaction.atomic
def shift_signup(*, by, shift: Shift, member: Member | None = None, name: str = "", phone: str = "") -> Signup:
    """Sign a volunteer up for a shift: a member (themself, or by a manager) or a student volunteer by name.

    The shift row is locked while counting, so two volunteers taking the last place cannot both get it.
    """
    campaign = shift.campaign
    own = member is not None and by is not None and getattr(by, "pk", None) == member.user_id
    if member is not None:
        allowed = by is None or own or can_manage(by, member.org_path) or can_manage(by, campaign.org_path)
    else:
        allowed = _manages(by, campaign.org_path)
    if not allowed:
        raise PermissionDenied("您没有权限为他人报名该班次")
    if member is not None and not member.org_path.startswith(campaign.org_path) and not own and by is not None \
            and not can_manage(by, campaign.org_path):
        raise PermissionDenied("该党员不在本次毕业寄工作的组织范围内")
    name = (member.name if member is not None else name).strip()
    phone = normalize_phone(phone) if phone else ""
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["请填写志愿者姓名"]
    if phone and phone_problem(phone):
        errors["phone"] = [f"电话号码“{phone}”{phone_problem(phone)}"]
    if errors:
        raise ValidationError(errors)
    locked = Shift.objects.select_for_update().get(pk=shift.pk)
    taken = Signup.objects.filter(shift=locked).count()
    label = f"{_day(locked.date)}{locked.get_slot_display()[:2]}{locked.building}"
    if taken >= locked.capacity:
        raise ValidationError({"shift": [f"班次“{label}”的志愿者名额已满（{taken}/{locked.capacity}），未能报名"]})
    if member is not None and Signup.objects.filter(shift=locked, member=member).exists():
        raise ValidationError({"member": [f"{name}已报名班次“{label}”"]})
    org = member.org if member is not None else campaign.org
    signup = Signup.objects.create(shift=locked, member=member, name=name, phone=phone, org=org, org_path=org.path,
                                   hours=locked.hours.quantize(Decimal("0.1")), created_by=_actor(by))
    audit_record(actor=by, obj=locked, action=A.UPDATE, org_path=campaign.org_path,
                 note=f"志愿者报名：{name}（{taken + 1}/{locked.capacity}）")
    return signup


@transaction.atomic
def signup_cancel(*, by, signup: Signup) -> None:
    shift = signup.shift
    own = signup.member_id is not None and by is not None and signup.member.user_id == getattr(by, "pk", None)
    if not (own or _manages(by, shift.campaign.org_path) or (signup.member_id and _manages(by, signup.org_path))):
        raise PermissionDenied("您没有权限取消该报名")
    signup.delete()
    audit_record(actor=by, obj=shift, action=A.UPDATE, org_path=shift.org_path, note=f"取消志愿者报名：{signup.name}")


# --- registrations --------------------------------------------------------------------------------


def _graduate_problem(campaign: Campaign, graduate) -> str | None:
    who = f"学号{graduate.student_number}的{graduate.name}"
    if not graduate.org_path.startswith(campaign.org_path):
        return f"{who}不是{campaign.org.display_name}的毕业生，不能登记本次毕业寄"
    year = graduate.graduation_date.year if graduate.graduation_date else graduate.class_year
    if year != campaign.year:
        return f"{who}是{year}年毕业，不是{campaign.year}届毕业生，不能登记本次毕业寄"
    return None


def _registration_problems(campaign: Campaign, data: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data["building"]:
        errors["building"] = ["请填写宿舍楼栋"]
    if not (data["room"] or "").strip():
        errors["room"] = ["请填写房间号"]
    if data["parcels_estimated"] < 1 or data["parcels_estimated"] > 30:
        errors["parcels_estimated"] = [f"预计件数{data['parcels_estimated']}不合理：应为1至30件"]
    if not (data["recipient"] or "").strip():
        errors["recipient"] = ["请填写收件人"]
    problem = phone_problem(data["phone"])
    if problem:
        errors["phone"] = [f"收件电话“{data['phone']}”{problem}"]
    if len((data["address"] or "").strip()) < 8:
        errors["address"] = ["收件地址过短：请写明省、市、区县和详细地址"]
    start, end = data["preferred_from"], data["preferred_to"]
    if end < start:
        errors["preferred_to"] = [f"意向日期止{_day(end)}早于起{_day(start)}"]
    elif start > campaign.ends_on or end < campaign.starts_on:
        errors["preferred_from"] = [f"意向日期须在本次工作期间（{_day(campaign.starts_on)}至"
                                    f"{_day(campaign.ends_on)}）内"]
    if data["courier"] and data["courier"] not in Courier.values:
        errors["courier"] = [f"未知的快递公司“{data['courier']}”"]
    return errors


def _clean(data: dict) -> dict:
    data = dict(data)
    data["building"] = normalize_building(data.get("building", ""))
    data["room"] = (data.get("room") or "").strip()
    data["recipient"] = (data.get("recipient") or "").strip()
    data["phone"] = normalize_phone(data.get("phone", ""))
    data["address"] = (data.get("address") or "").strip()
    data["courier"] = data.get("courier") or ""
    data["note"] = (data.get("note") or "").strip()
    return data


def can_register_for(by, campaign: Campaign, graduate) -> bool:
    if by is None:
        return True
    if graduate.user_id is not None and graduate.user_id == getattr(by, "pk", None):
        return True
    return can_manage(by, graduate.org_path) or can_manage(by, campaign.org_path)


def is_staff_for(by, campaign: Campaign, graduate) -> bool:
    """Staff over the registration (not just the graduate themself): may change it after it is assigned."""
    return by is None or can_manage(by, graduate.org_path) or can_manage(by, campaign.org_path)


@transaction.atomic
def registration_create(*, by, campaign: Campaign, graduate, building: str, room: str, recipient: str, phone: str,
                        address: str, preferred_from: dt.date, preferred_to: dt.date, parcels_estimated: int = 2,
                        courier: str = "", note: str = "") -> Registration:
    """Register a graduate's belongings for mailing: by the graduate themself or by staff over them."""
    if not can_register_for(by, campaign, graduate):
        raise PermissionDenied("您没有权限为该毕业生登记")
    problem = _graduate_problem(campaign, graduate)
    if problem:
        raise ValidationError({"graduate": [problem]})
    data = _clean({"building": building, "room": room, "recipient": recipient, "phone": phone, "address": address,
                   "preferred_from": preferred_from, "preferred_to": preferred_to,
                   "parcels_estimated": parcels_estimated, "courier": courier, "note": note})
    errors = _registration_problems(campaign, data)
    if Registration.objects.filter(campaign=campaign, graduate=graduate).exists():
        errors.setdefault("graduate", []).append(f"{graduate.name}（学号{graduate.student_number}）已登记本次毕业寄")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            reg = Registration.objects.create(campaign=campaign, graduate=graduate, org_id=graduate.org_id,
                                              org_path=graduate.org_path, registered_on=timezone.localdate(),
                                              created_by=_actor(by), **data)
    except IntegrityError as exc:  # a second submit racing the first
        raise ValidationError({"graduate": [f"{graduate.name}已登记本次毕业寄"]}) from exc
    audit_record(actor=by, obj=reg, action=A.CREATE, org_path=reg.org_path,
                 changes=_masked_diff({}, snapshot(reg, REGISTRATION_FIELDS)))
    return reg


@transaction.atomic
def registration_update(*, by, registration: Registration, **fields) -> Registration:
    reg = Registration.objects.select_for_update().select_related("campaign", "graduate").get(pk=registration.pk)
    if not can_register_for(by, reg.campaign, reg.graduate):
        raise PermissionDenied("您没有权限修改该登记")
    if reg.status not in (Registration.Status.REGISTERED, Registration.Status.ASSIGNED):
        raise ValidationError({"__all__": ["已打包的登记不能再修改，请联系毕业寄工作负责人"]})
    if reg.status != Registration.Status.REGISTERED and not is_staff_for(by, reg.campaign, reg.graduate):
        raise PermissionDenied("登记已排班，不能自行修改；如需更改，请联系毕业寄工作负责人")
    before = snapshot(reg, REGISTRATION_FIELDS)
    data = _clean({k: fields.get(k, getattr(reg, k)) for k in REGISTRATION_FIELDS})
    errors = _registration_problems(reg.campaign, data)
    if errors:
        raise ValidationError(errors)
    for k, v in data.items():
        setattr(reg, k, v)
    moved = reg.shift_id and (reg.building != reg.shift.building
                              or not reg.preferred_from <= reg.shift.date <= reg.preferred_to)
    if moved:  # the shift no longer fits: back to the queue for the next assignment
        reg.shift, reg.status = None, Registration.Status.REGISTERED
    reg.save()
    audit_record(actor=by, obj=reg, action=A.UPDATE, org_path=reg.org_path,
                 changes=_masked_diff(before, snapshot(reg, REGISTRATION_FIELDS)))
    return reg


@transaction.atomic
def shifts_create_batch(*, by, campaign: Campaign, date_from: dt.date, date_to: dt.date, slots: list[str],
                        buildings: list[str], capacity: int = 6, quota: int = 20) -> list[Shift]:
    """Every day × slot × building in the range; those that already exist are skipped. All or nothing."""
    if not _manages(by, campaign.org_path):
        raise PermissionDenied("您没有权限为该毕业寄工作安排班次")
    errors: dict[str, list[str]] = {}
    if date_to < date_from:
        errors["date_to"] = [f"日期止{_day(date_to)}早于起{_day(date_from)}"]
    elif (date_to - date_from).days > 62:
        errors["date_to"] = ["一次最多安排62天的班次"]
    names = list(dict.fromkeys(normalize_building(b) for b in buildings if normalize_building(b)))
    if not names:
        errors["buildings"] = ["请至少填写一个楼栋"]
    if not slots:
        errors["slots"] = ["请至少选择一个时段"]
    if errors:
        raise ValidationError(errors)
    existing = set(Shift.objects.filter(campaign=campaign, date__range=(date_from, date_to))
                   .values_list("date", "slot", "building"))
    made = []
    day = date_from
    while day <= date_to:
        for slot in slots:
            for b in names:
                problems = _shift_problems(campaign, day, slot, b, capacity, quota)
                if problems:
                    raise ValidationError({"date_from" if k == "date" else k: v for k, v in problems.items()})
                if (day, slot, b) not in existing:
                    made.append(Shift(campaign=campaign, org_id=campaign.org_id, org_path=campaign.org_path, date=day,
                                      slot=slot, building=b, capacity=capacity, quota=quota))
        day += dt.timedelta(days=1)
    Shift.objects.bulk_create(made)
    audit_record(actor=by, obj=campaign, action=A.UPDATE, org_path=campaign.org_path,
                 note=f"新增{len(made)}个班次（{_day(date_from)}至{_day(date_to)}，{len(names)}个楼栋）")
    return made


@transaction.atomic
def registration_cancel(*, by, registration: Registration, reason: str = "") -> None:
    """Withdraw a registration not yet packed (the graduate came back after all): a soft delete."""
    reg = Registration.objects.select_for_update().select_related("campaign", "graduate").get(pk=registration.pk)
    if not can_register_for(by, reg.campaign, reg.graduate):
        raise PermissionDenied("您没有权限撤销该登记")
    if reg.status not in (Registration.Status.REGISTERED, Registration.Status.ASSIGNED):
        raise ValidationError({"__all__": ["已打包的登记不能撤销，请联系毕业寄工作负责人"]})
    reg.deleted_at, reg.deleted_by, reg.shift = timezone.now(), _actor(by), None
    reg.save(update_fields=["deleted_at", "deleted_by", "shift", "updated_at"])
    audit_record(actor=by, obj=reg, action=A.DELETE, org_path=reg.org_path, note=reason or "撤销登记")
