"""Writes to graduates: create, update, destination, helper, contacts. Each atomic, validated and audited."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.personal import normalize_phone, phone_problem
from zhibu.core.validation import Errors
from zhibu.orgs.models import Member, Org

from .models import Degree, Graduate, HelperContact, Industry
from .services_common import actor, require_manage, split_list

GRADUATE_FIELDS = ["org", "member", "name", "student_number", "major", "degree", "class_year", "class_name",
                   "graduation_date", "phone", "status", "destination", "placed_on", "preferred_cities",
                   "preferred_industries", "helper", "next_step"]
HELPER_STATUSES = (Member.Status.PROBATIONARY, Member.Status.FULL)


def _check_helper(graduate: Graduate, helper: Member | None, errors: Errors) -> None:
    if helper is None:
        return
    if helper.status not in HELPER_STATUSES:
        errors.add("helper", f"帮扶人须为党员，“{helper.name}”是{helper.get_status_display()}")
    # The helper works in the graduate's own organisation, or above it, or below it.
    elif not (helper.org_path.startswith(graduate.org_path[:27]) or graduate.org_path.startswith(helper.org_path)):
        errors.add("helper", f"“{helper.name}”不在“{graduate.org.name}”所在的学校")


def _clean(graduate: Graduate, errors: Errors) -> None:
    graduate.name = (graduate.name or "").strip()
    graduate.student_number = (graduate.student_number or "").strip()
    graduate.major = (graduate.major or "").strip()
    if graduate.phone:
        graduate.phone = normalize_phone(graduate.phone)
        problem = phone_problem(graduate.phone)
        if problem:
            errors.add("phone", f"手机号码“{graduate.phone}”{problem}")
    graduate.preferred_cities = split_list(graduate.preferred_cities)
    industries = split_list(graduate.preferred_industries)
    labels = {str(label): code for code, label in Industry.choices}
    graduate.preferred_industries = [labels.get(i, i) for i in industries]
    bad = [i for i in graduate.preferred_industries if i not in Industry.values]
    if bad:
        errors.add("preferred_industries", f"意向行业“{'、'.join(bad)}”不在行业列表中")
    if graduate.degree not in Degree.values:
        errors.add("degree", f"学历“{graduate.degree}”应为专科、本科、硕士研究生或博士研究生")
    year = timezone.localdate().year
    if graduate.class_year and not 1990 <= graduate.class_year <= year + 6:
        errors.add("class_year", f"毕业年份{graduate.class_year}不合理")
    if graduate.status in Graduate.PLACED and not graduate.placed_on:
        graduate.placed_on = timezone.localdate()
    if graduate.status not in Graduate.PLACED:
        graduate.placed_on = None
    dup = Graduate.objects.filter(student_number=graduate.student_number).exclude(pk=graduate.pk).first()
    if graduate.student_number and dup is not None:
        errors.add("student_number", f"学号{graduate.student_number}已登记（{dup.name}）")
    _check_helper(graduate, graduate.helper, errors)
    try:
        graduate.full_clean(exclude=["org_path", "phone", "preferred_industries"], validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)


@transaction.atomic
def graduate_create(*, by, org: Org, name: str, student_number: str, major: str, class_year: int,
                    degree: str = Degree.BACHELOR, **fields: Any) -> Graduate:
    require_manage(by, org.path, "您没有权限为该组织登记毕业生")
    graduate = Graduate(org=org, org_path=org.path, name=name, student_number=student_number, major=major,
                        class_year=class_year, degree=degree, **fields)
    errors = Errors()
    _clean(graduate, errors)
    errors.raise_if_any()
    graduate.save()
    audit_record(actor=by, obj=graduate, action=AuditEntry.Action.CREATE,
                 changes=diff({}, snapshot(graduate, GRADUATE_FIELDS)), org_path=graduate.org_path)
    return graduate


@transaction.atomic
def graduate_update(*, by, graduate: Graduate, **fields: Any) -> Graduate:
    """Change any of GRADUATE_FIELDS; moving to another organisation needs manage rights at both ends."""
    require_manage(by, graduate.org_path, "您没有权限修改该毕业生")
    before = snapshot(graduate, GRADUATE_FIELDS)
    for key, value in fields.items():
        if key not in GRADUATE_FIELDS and key not in ("user", "last_contact_on"):
            raise ValueError(f"unknown field {key}")
        setattr(graduate, key, value)
    if "org" in fields:
        require_manage(by, graduate.org.path, "您没有权限把毕业生转到该组织")
        graduate.org_path = graduate.org.path
    errors = Errors()
    _clean(graduate, errors)
    errors.raise_if_any()
    graduate.save()
    changes = diff(before, snapshot(graduate, GRADUATE_FIELDS))
    if changes:
        audit_record(actor=by, obj=graduate, action=AuditEntry.Action.UPDATE, changes=changes,
                     org_path=graduate.org_path)
    return graduate


def graduate_set_status(*, by, graduate: Graduate, status: str, destination: str = "",
                        placed_on: dt.date | None = None) -> Graduate:
    if status not in Graduate.Status.values:
        raise ValidationError({"status": f"毕业去向“{status}”无效"})
    return graduate_update(by=by, graduate=graduate, status=status, destination=destination or graduate.destination,
                           placed_on=placed_on)


def graduate_assign_helper(*, by, graduate: Graduate, helper: Member | None) -> Graduate:
    return graduate_update(by=by, graduate=graduate, helper=helper)


@transaction.atomic
def graduate_delete(*, by, graduate: Graduate) -> None:
    require_manage(by, graduate.org_path, "您没有权限删除该毕业生")
    graduate.deleted_at = timezone.now()
    graduate.deleted_by = actor(by)
    graduate.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=graduate, action=AuditEntry.Action.DELETE, org_path=graduate.org_path)


@transaction.atomic
def graduate_restore(*, by, graduate: Graduate) -> Graduate:
    """Bring back a soft-deleted graduate, unless the student number has since been registered again."""
    require_manage(by, graduate.org_path, "您没有权限恢复该毕业生")
    if graduate.deleted_at is None:
        return graduate
    dup = Graduate.objects.filter(student_number=graduate.student_number).exclude(pk=graduate.pk).first()
    if dup is not None:
        raise ValidationError({"student_number": f"学号{graduate.student_number}已重新登记（{dup.name}），不能恢复"})
    graduate.deleted_at, graduate.deleted_by = None, None
    graduate.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=graduate, action=AuditEntry.Action.RESTORE, org_path=graduate.org_path)
    return graduate


@transaction.atomic
def helper_contact_add(*, by, graduate: Graduate, contacted_on: dt.date, note: str,
                       next_step: str = "") -> HelperContact:
    """Log a contact with a graduate still seeking; the graduate's last contact and next step follow it."""
    if not (by is not None and graduate.helper_id and graduate.helper.user_id == getattr(by, "pk", None)):
        require_manage(by, graduate.org_path, "您没有权限记录该毕业生的帮扶情况")
    errors = Errors()
    note = (note or "").strip()
    if not note:
        errors.add("note", "请填写联系情况")
    if contacted_on and contacted_on > timezone.localdate():
        errors.add("contacted_on", "联系日期不能晚于今天")
    errors.raise_if_any()
    contact = HelperContact.objects.create(graduate=graduate, org_path=graduate.org_path, contacted_on=contacted_on,
                                           note=note[:300], next_step=(next_step or "").strip()[:200], by=actor(by))
    if graduate.last_contact_on is None or contacted_on >= graduate.last_contact_on:
        graduate.last_contact_on = contacted_on
        graduate.next_step = contact.next_step
        graduate.save(update_fields=["last_contact_on", "next_step", "updated_at"])
    audit_record(actor=by, obj=graduate, action=AuditEntry.Action.UPDATE,
                 changes={"帮扶联系": [None, f"{contacted_on:%Y-%m-%d} {note[:80]}"]}, org_path=graduate.org_path)
    return contact
