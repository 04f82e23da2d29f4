"""Writes to employers, enterprise visits (访企拓岗), their follow-ups and yearly targets.

Job posts and recommendations are in `services_jobs`, graduates in `services_graduates`, the Excel import
in `imports`. Every write is atomic, validated with Chinese messages naming the field, and audited.
"""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.cobuild.models import ExternalUnit
from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.personal import normalize_phone, phone_problem
from zhibu.core.validation import Errors
from zhibu.orgs.models import Member, Org

from .models import Employer, EmployerContact, EnterpriseVisit, VisitFollowUp, VisitTarget, VisitVisitor
from .services_common import actor, require_any_manage, require_manage

EMPLOYER_FIELDS = ["industry", "size", "partner_status", "note"]
VISIT_FIELDS = ["org", "employer", "visited_on", "leaders", "purpose", "jobs_promised", "needs", "needs_note"]


# --- employers ------------------------------------------------------------------------------------


@transaction.atomic
def employer_create(*, by, org: Org, unit: ExternalUnit, industry: str, size: str = Employer.Size.MEDIUM,
                    partner_status: str = Employer.PartnerStatus.PROSPECT, note: str = "") -> Employer:
    """The careers profile of an external unit registered through cobuild (one per unit)."""
    require_manage(by, org.path, "您没有权限为该组织登记用人单位")
    errors = Errors()
    existing = Employer.all_objects.filter(unit=unit).first()
    if existing is not None:
        errors.add("unit", f"“{unit.name}”已有用人单位档案，请直接使用")
    employer = Employer(unit=unit, org=org, org_path=org.path, industry=industry, size=size,
                        partner_status=partner_status, note=note or "", created_by=actor(by))
    try:
        employer.full_clean(exclude=["org_path", "unit"], validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)
    errors.raise_if_any()
    employer.save()
    audit_record(actor=by, obj=employer, action=AuditEntry.Action.CREATE,
                 changes=diff({}, snapshot(employer, EMPLOYER_FIELDS)), org_path=employer.org_path)
    return employer


@transaction.atomic
def employer_update(*, by, employer: Employer, **fields) -> Employer:
    require_any_manage(by, "您没有权限修改用人单位")
    before = snapshot(employer, EMPLOYER_FIELDS)
    for key, value in fields.items():
        if key not in EMPLOYER_FIELDS:
            raise ValueError(f"unknown field {key}")
        setattr(employer, key, value)
    errors = Errors()
    try:
        employer.full_clean(exclude=["org_path", "unit"], validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)
    errors.raise_if_any()
    employer.save()
    changes = diff(before, snapshot(employer, EMPLOYER_FIELDS))
    if changes:
        audit_record(actor=by, obj=employer, action=AuditEntry.Action.UPDATE, changes=changes,
                     org_path=employer.org_path)
    return employer


@transaction.atomic
def employer_contact_add(*, by, employer: Employer, name: str, title: str = "", phone: str = "") -> EmployerContact:
    require_any_manage(by, "您没有权限修改用人单位")
    errors = Errors()
    name = (name or "").strip()
    if not name:
        errors.add("name", "请填写联系人姓名")
    phone = normalize_phone(phone) if phone else ""
    if phone and phone_problem(phone):
        errors.add("phone", f"联系电话“{phone}”{phone_problem(phone)}")
    errors.raise_if_any()
    contact = EmployerContact.objects.create(employer=employer, name=name, title=(title or "").strip(), phone=phone)
    audit_record(actor=by, obj=employer, action=AuditEntry.Action.UPDATE,
                 changes={"联系人": [None, f"{name} {title}".strip()]}, org_path=employer.org_path)
    return contact


# --- visits ---------------------------------------------------------------------------------------


def _check_visit(visit: EnterpriseVisit, visitors: Sequence[Member], errors: Errors) -> None:
    if visit.visited_on and visit.visited_on > timezone.localdate() + dt.timedelta(days=0):
        errors.add("visited_on", "走访日期不能晚于今天（计划中的走访请在走访后登记）")
    bad = [v.name for v in visitors if not v.org_path.startswith(visit.org_path[: len(visit.org_path)])
           and not visit.org_path.startswith(v.org_path)]
    if bad:
        errors.add("visitors", f"走访党员“{'、'.join(bad)}”不属于“{visit.org.name}”")
    unknown = [n for n in visit.needs if n not in EnterpriseVisit.Need.values]
    if unknown:
        errors.add("needs", f"需求“{'、'.join(unknown)}”无效")
    if not (visit.purpose or "").strip():
        errors.add("purpose", "请填写走访目的")
    try:
        visit.full_clean(exclude=["org_path"], validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)


@transaction.atomic
def visit_create(*, by, org: Org, employer: Employer, visited_on: dt.date, purpose: str,
                 visitors: Sequence[Member] = (), leaders: str = "", jobs_promised: int = 0,
                 needs: Sequence[str] = (), needs_note: str = "",
                 follow_ups: Sequence[tuple[str, dt.date]] = ()) -> EnterpriseVisit:
    """Record a visit with the members who went and, optionally, follow-ups (action, due date)."""
    require_manage(by, org.path, "您没有权限为该组织登记访企拓岗")
    visit = EnterpriseVisit(org=org, org_path=org.path, employer=employer, visited_on=visited_on,
                            purpose=(purpose or "").strip(), leaders=(leaders or "").strip(),
                            jobs_promised=jobs_promised or 0, needs=list(dict.fromkeys(needs)),
                            needs_note=needs_note or "", created_by=actor(by))
    errors = Errors()
    _check_visit(visit, visitors, errors)
    errors.raise_if_any()
    visit.save()
    VisitVisitor.objects.bulk_create([VisitVisitor(visit=visit, member=m) for m in dict.fromkeys(visitors)])
    for action, due_on in follow_ups:
        follow_up_add(by=by, visit=visit, action=action, due_on=due_on)
    changes = diff({}, snapshot(visit, VISIT_FIELDS))
    changes["visitors"] = [None, "、".join(m.name for m in visitors)]
    audit_record(actor=by, obj=visit, action=AuditEntry.Action.CREATE, changes=changes, org_path=visit.org_path)
    if employer.partner_status == Employer.PartnerStatus.PROSPECT:
        employer.partner_status = Employer.PartnerStatus.CONTACTED
        employer.save(update_fields=["partner_status", "updated_at"])
    return visit


@transaction.atomic
def visit_update(*, by, visit: EnterpriseVisit, visitors: Sequence[Member] | None = None, **fields) -> EnterpriseVisit:
    require_manage(by, visit.org_path, "您没有权限修改该走访记录")
    before = snapshot(visit, VISIT_FIELDS)
    for key, value in fields.items():
        if key not in VISIT_FIELDS or key == "org":
            raise ValueError(f"unknown field {key}")
        setattr(visit, key, value)
    errors = Errors()
    current = [link.member for link in visit.visitor_links.select_related("member")]
    _check_visit(visit, visitors if visitors is not None else current, errors)
    errors.raise_if_any()
    visit.save()
    changes = diff(before, snapshot(visit, VISIT_FIELDS))
    if visitors is not None and {m.pk for m in visitors} != {m.pk for m in current}:
        visit.visitor_links.all().delete()
        VisitVisitor.objects.bulk_create([VisitVisitor(visit=visit, member=m) for m in dict.fromkeys(visitors)])
        changes["visitors"] = ["、".join(m.name for m in current), "、".join(m.name for m in visitors)]
    if changes:
        audit_record(actor=by, obj=visit, action=AuditEntry.Action.UPDATE, changes=changes, org_path=visit.org_path)
    return visit


@transaction.atomic
def visit_delete(*, by, visit: EnterpriseVisit) -> None:
    require_manage(by, visit.org_path, "您没有权限删除该走访记录")
    visit.deleted_at = timezone.now()
    visit.deleted_by = actor(by)
    visit.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=visit, action=AuditEntry.Action.DELETE, org_path=visit.org_path)


@transaction.atomic
def visit_restore(*, by, visit: EnterpriseVisit) -> EnterpriseVisit:
    """Bring back a soft-deleted visit (with its visitors, follow-ups and the posts it opened)."""
    require_manage(by, visit.org_path, "您没有权限恢复该走访记录")
    if visit.deleted_at is None:
        return visit
    visit.deleted_at, visit.deleted_by = None, None
    visit.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=visit, action=AuditEntry.Action.RESTORE, org_path=visit.org_path)
    return visit


def _follow_up_errors(visit: EnterpriseVisit, action: str, due_on: dt.date | None) -> tuple[Errors, str]:
    """What a follow-up needs, added or corrected: something to do, by a date not before the visit."""
    errors = Errors()
    action = (action or "").strip()
    if not action:
        errors.add("action", "请填写跟进事项")
    if due_on is None:
        errors.add("due_on", "请填写完成期限")
    elif due_on < visit.visited_on:
        errors.add("due_on", f"完成期限不能早于走访日期{visit.visited_on:%Y年%-m月%-d日}")
    return errors, action


@transaction.atomic
def follow_up_add(*, by, visit: EnterpriseVisit, action: str, due_on: dt.date,
                  assignee: Member | None = None) -> VisitFollowUp:
    require_manage(by, visit.org_path, "您没有权限修改该走访记录")
    errors, action = _follow_up_errors(visit, action, due_on)
    errors.raise_if_any()
    f = VisitFollowUp.objects.create(visit=visit, org_path=visit.org_path, action=action[:200], due_on=due_on,
                                     assignee=assignee)
    audit_record(actor=by, obj=visit, action=AuditEntry.Action.UPDATE,
                 changes={"跟进事项": [None, f"{action}（{due_on:%Y-%m-%d}前）"]}, org_path=visit.org_path)
    return f


@transaction.atomic
def follow_up_complete(*, by, follow_up: VisitFollowUp, done_on: dt.date | None = None) -> VisitFollowUp:
    require_manage(by, follow_up.org_path, "您没有权限修改该走访记录")
    follow_up.done_on = done_on or timezone.localdate()
    follow_up.save(update_fields=["done_on", "updated_at"])
    audit_record(actor=by, obj=follow_up.visit, action=AuditEntry.Action.UPDATE,
                 changes={"跟进事项": [follow_up.action, f"{follow_up.action}（已完成）"]}, org_path=follow_up.org_path)
    return follow_up


@transaction.atomic
def follow_up_update(*, by, follow_up: VisitFollowUp, action: str, due_on: dt.date | None,
                     assignee: Member | None = None, done_on: dt.date | None = None) -> VisitFollowUp:
    """Correct a follow-up: what, by when, who, and when it was done (empty: still open)."""
    require_manage(by, follow_up.org_path, "您没有权限修改该走访记录")
    visit = follow_up.visit
    errors, action = _follow_up_errors(visit, action, due_on)
    if done_on is not None and done_on > timezone.localdate():
        errors.add("done_on", "完成日期不能晚于今天")
    elif done_on is not None and done_on < visit.visited_on:
        errors.add("done_on", f"完成日期不能早于走访日期{visit.visited_on:%Y年%-m月%-d日}")
    errors.raise_if_any()
    fields = ["action", "due_on", "assignee", "done_on"]
    before = snapshot(follow_up, fields)
    follow_up.action, follow_up.due_on, follow_up.assignee, follow_up.done_on = action[:200], due_on, assignee, done_on
    follow_up.save(update_fields=[*fields, "updated_at"])
    changes = {f"跟进事项·{k}": v for k, v in diff(before, snapshot(follow_up, fields)).items()}
    if changes:
        audit_record(actor=by, obj=visit, action=AuditEntry.Action.UPDATE, changes=changes, org_path=visit.org_path)
    return follow_up


@transaction.atomic
def target_set(*, by, org: Org, year: int, employers: int) -> VisitTarget:
    """Set (or change) how many employers `org` means to visit in `year`."""
    require_manage(by, org.path, "您没有权限设置该组织的访企拓岗目标")
    if not employers or employers < 1:
        raise ValidationError({"employers": "目标走访单位数应为正整数"})
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": f"年度{year}不合理"})
    target, created = VisitTarget.objects.get_or_create(org=org, year=year,
                                                        defaults={"org_path": org.path, "employers": employers})
    old = None if created else target.employers
    if not created:
        target.employers = employers
        target.save(update_fields=["employers", "updated_at"])
    audit_record(actor=by, obj=org, action=AuditEntry.Action.UPDATE,
                 changes={f"{year}年访企拓岗目标": [old, employers]}, org_path=org.path)
    return target
