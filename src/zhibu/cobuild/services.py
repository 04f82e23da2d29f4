"""Every write to co-building records: validated, atomic, scoped and written to the audit history.

Bad input is refused with a ValidationError in Chinese naming the field (or the row), and nothing is saved.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.paths import SEGMENT
from zhibu.core.personal import normalize_phone, phone_problem
from zhibu.core.uploads import check_upload
from zhibu.core.validation import Errors
from zhibu.orgs.models import Org
from zhibu.orgs.selectors import can_manage, scope_for_user

from .creditcode import credit_code_problem, normalize_credit_code
from .models import (
    BranchMajor,
    Contact,
    ExternalUnit,
    Major,
    MajorLevel,
    Partnership,
    StoredFile,
)

Kind = Partnership.Kind
MAJOR_FIELDS = ["org", "name", "code", "department", "description"]
UNIT_FIELDS = ["name", "credit_code", "kind", "city", "has_party_branch", "party_branch_name"]
PARTNERSHIP_FIELDS = ["org", "kind", "title", "major", "partner_org", "external_unit", "external_branch_name",
                      "starts_on", "ends_on", "goals"]
OUTCOME_FIELDS = ["kind", "title", "quantity", "occurred_on", "description"]
ACTIVITIES_KEY, OUTCOMES_KEY, CONTACTS_KEY, AGREEMENT_KEY, LEVELS_KEY, BRANCHES_KEY = (
    "共建活动", "共建成果", "联系人", "共建协议", "专业建设层次", "共建支部")


@dataclass(frozen=True)
class ContactRow:
    side: str
    name: str
    title: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ParticipantRow:
    """Someone from the partner's side at a joint activity."""

    name: str
    title: str = ""




def _require(ok: bool, message: str = "您没有权限修改该组织的共建记录") -> None:
    if not ok:
        raise PermissionDenied(message)


def _manages(by, path: str) -> bool:
    return by is None or can_manage(by, path)


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


def _ancestors(org: Org) -> list[str]:
    return [org.path[:end] for end in range(SEGMENT, len(org.path), SEGMENT)]


def store_file(*, by, org: Org, upload, field: str = "file") -> StoredFile:
    """Check what an upload really is (photo, PDF, .docx) and keep it under its content hash."""
    original = (getattr(upload, "name", "") or "附件").replace("\\", "/").rsplit("/", 1)[-1][:200]
    try:
        checked = check_upload(upload, name=original)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    path = f"cobuild/{checked.sha256[:2]}/{checked.sha256}{checked.type.extension}"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(checked.data))
    stored = StoredFile(org=org, org_path=org.path, original_name=original, content_type=checked.type.content_type,
                        extension=checked.type.extension, size=checked.size, sha256=checked.sha256,
                        uploaded_by=_actor(by))
    stored.file.name = path
    stored.save()
    return stored


# --- majors ---------------------------------------------------------------------------------------


@transaction.atomic
def major_create(*, by, school: Org, name: str, code: str, department: str = "", description: str = "") -> Major:
    _require(_manages(by, school.path), "您没有权限为该院系登记专业")
    errors = Errors()
    if school.kind not in (Org.Kind.COMMITTEE, Org.Kind.GENERAL_BRANCH):
        errors.add("org", f"专业应登记在院系党委（或党总支）下，“{school.name}”是{school.get_kind_display()}")
    major = Major(org=school, org_path=school.path, name=(name or "").strip(), code=(code or "").strip(),
                  department=(department or "").strip(), description=description or "")
    if Major.objects.filter(org=school, code=major.code).exists():
        errors.add("code", f"“{school.display_name}”已有专业代码为{major.code}的专业")
    try:
        major.full_clean(exclude=["org_path"], validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)
    errors.raise_if_any()
    major.save()
    audit_record(actor=by, obj=major, action=AuditEntry.Action.CREATE,
                 changes=diff({}, snapshot(major, MAJOR_FIELDS)), org_path=major.org_path)
    return major


@transaction.atomic
def major_level_add(*, by, major: Major, tier: str, title: str, year: int) -> MajorLevel:
    _require(_manages(by, major.org_path), "您没有权限修改该专业")
    level = MajorLevel(major=major, tier=tier, title=(title or "").strip(), year=year)
    errors = Errors()
    if major.levels.filter(title=level.title).exists():
        errors.add("title", f"该专业已登记“{level.title}”")
    if year and not 1950 <= year <= timezone.localdate().year:
        errors.add("year", "年度应在1950年至今年之间")
    try:
        level.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)
    errors.raise_if_any()
    level.save()
    audit_record(actor=by, obj=major, action=AuditEntry.Action.UPDATE, changes={LEVELS_KEY: [None, str(level)]},
                 org_path=major.org_path)
    return level


@transaction.atomic
def branch_major_link(*, by, branch: Org, major: Major) -> BranchMajor:
    """Record that `branch` is built on `major` （支部建在专业上）."""
    _require(_manages(by, branch.path))
    if branch.kind not in (Org.Kind.BRANCH, Org.Kind.GENERAL_BRANCH):
        raise ValidationError({"branch": f"“{branch.name}”不是党支部"})
    if major.org_path not in _ancestors(branch):
        raise ValidationError({"major": f"专业“{major.name}”不属于“{branch.name}”所在的院系"})
    link, created = BranchMajor.objects.get_or_create(branch=branch, major=major, defaults={"org_path": branch.path})
    if created:
        audit_record(actor=by, obj=major, action=AuditEntry.Action.UPDATE,
                     changes={BRANCHES_KEY: [None, branch.name]}, org_path=major.org_path)
    return link


# --- external units -------------------------------------------------------------------------------


@transaction.atomic
def unit_register(*, by, name: str, credit_code: str, kind: str, city: str, has_party_branch: bool = True,
                  party_branch_name: str = "") -> ExternalUnit:
    """Register an external unit once; a second registration of the same credit code is refused."""
    if by is not None:
        scope = scope_for_user(by)
        _require(scope.everything or bool(scope.full_paths), "您没有登记校外单位的权限")
    code = normalize_credit_code(credit_code)
    unit = ExternalUnit(name=(name or "").strip(), credit_code=code, kind=kind, city=(city or "").strip(),
                        has_party_branch=has_party_branch, party_branch_name=(party_branch_name or "").strip(),
                        created_by=_actor(by))
    errors = Errors()
    problem = credit_code_problem(code)
    if problem:
        errors.add("credit_code", f"统一社会信用代码{problem}")
    else:
        existing = ExternalUnit.objects.filter(credit_code=code).first()
        if existing is not None:
            errors.add("credit_code", f"该统一社会信用代码已登记为“{existing.name}”，请直接选用，不要重复登记")
    if has_party_branch and not unit.party_branch_name:
        errors.add("party_branch_name", "已建立党组织的，请填写党组织名称")
    try:
        unit.full_clean(exclude=["credit_code"], validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)
    errors.raise_if_any()
    unit.save()
    audit_record(actor=by, obj=unit, action=AuditEntry.Action.CREATE, changes=diff({}, snapshot(unit, UNIT_FIELDS)))
    return unit


# --- partnerships ---------------------------------------------------------------------------------


def _check_parties(p: Partnership, errors: Errors) -> None:
    """Each mechanism's rule about who may be its parties."""
    org = p.org
    if org.kind not in (Org.Kind.BRANCH, Org.Kind.GENERAL_BRANCH):
        errors.add("org", f"共建由党支部登记，“{org.name}”是{org.get_kind_display()}")
        return
    extra = {
        Kind.BRANCH_MAJOR: [("partner_org", p.partner_org, "共建学生党支部"), ("external_unit", p.external_unit, "校外单位")],
        Kind.FACULTY_STUDENT: [("major", p.major, "共建专业"), ("external_unit", p.external_unit, "校外单位")],
        Kind.CAMPUS_EXTERNAL: [("major", p.major, "共建专业"), ("partner_org", p.partner_org, "共建学生党支部")],
    }.get(p.kind, [])
    for field, value, label in extra:
        if value is not None:
            errors.add(field, f"{p.get_kind_display()}不填写{label}")
    if p.kind == Kind.BRANCH_MAJOR:
        if p.major is None:
            errors.add("major", "支部与专业共建须选择共建的专业")
        elif p.major.org_path not in _ancestors(org):
            errors.add("major", f"专业“{p.major.name}”不属于“{org.name}”所在的院系")
    elif p.kind == Kind.FACULTY_STUDENT:
        partner = p.partner_org
        if partner is None:
            errors.add("partner_org", "教工与学生党支部共建须选择共建的学生党支部")
        elif partner.pk == org.pk:
            errors.add("partner_org", "支部不能与自身共建")
        elif partner.kind != Org.Kind.BRANCH:
            errors.add("partner_org", f"“{partner.name}”不是党支部")
        elif org.category == Org.Category.FACULTY and partner.category == Org.Category.FACULTY:
            errors.add("partner_org", f"教工与学生党支部共建须由一个教工党支部和一个学生党支部结对："
                                      f"“{org.name}”和“{partner.name}”都是教工党支部")
        elif org.category != Org.Category.FACULTY:
            errors.add("org", f"“{org.name}”不是教工党支部；教工与学生党支部共建由教工党支部登记，学生党支部为共建方")
        elif partner.category != Org.Category.STUDENT:
            errors.add("partner_org", f"“{partner.name}”不是学生党支部")
    elif p.kind == Kind.CAMPUS_EXTERNAL:
        unit = p.external_unit
        if unit is None:
            errors.add("external_unit", "校内校外支部共建须选择校外单位")
        elif not unit.has_party_branch:
            errors.add("external_unit", f"“{unit.name}”尚未建立党组织；校内校外支部共建须与对方党组织结对")
        elif not p.external_branch_name:
            p.external_branch_name = unit.party_branch_name
    else:
        errors.add("kind", "共建机制应为支部与专业共建、教工与学生党支部共建或校内校外支部共建")


def _check_duplicate(p: Partnership, errors: Errors) -> None:
    same = Partnership.objects.filter(org=p.org, kind=p.kind, major=p.major, partner_org=p.partner_org,
                                      external_unit=p.external_unit).exclude(pk=p.pk)
    today = timezone.localdate()
    current = [o for o in same if o.ends_on is None or o.ends_on >= today]
    if current:
        o = current[0]
        errors.add("__all__", f"“{o.title}”已经登记（自{o.starts_on.year}年{o.starts_on.month}月{o.starts_on.day}日起），"
                              "请在原记录上补充，不要重复登记")


def _clean_contacts(rows: Sequence[ContactRow], errors: Errors) -> list[ContactRow]:
    cleaned = []
    sides = dict(Contact.Side.choices)
    for i, row in enumerate(rows, start=1):
        name, title, phone = (row.name or "").strip(), (row.title or "").strip(), normalize_phone(row.phone or "")
        if not name:
            if title or phone:
                errors.add("contacts", f"联系人第{i}行：请填写姓名")
            continue
        if row.side not in sides:
            errors.add("contacts", f"联系人第{i}行（{name}）：请选择校内或共建方")
        if phone and phone_problem(phone):
            errors.add("contacts", f"联系人第{i}行（{name}）：电话号码{phone_problem(phone)}")
        if len(name) > 40 or len(title) > 60:
            errors.add("contacts", f"联系人第{i}行（{name}）：姓名不超过40字，职务不超过60字")
        cleaned.append(ContactRow(side=row.side, name=name, title=title, phone=phone))
    return cleaned


def _contacts_text(rows) -> str | None:
    return "、".join(f"{r.name}" + (f"（{r.title}）" if r.title else "") for r in rows) or None


@transaction.atomic
def partnership_create(
    *, by, org: Org, kind: str, starts_on: dt.date, major: Major | None = None, partner_org: Org | None = None,
    external_unit: ExternalUnit | None = None, title: str = "", ends_on: dt.date | None = None, goals: str = "",
    external_branch_name: str = "", contacts: Sequence[ContactRow] = (), agreement=None,
) -> Partnership:
    """Record a partnership of one of the three mechanisms, with its contacts and signed agreement."""
    _require(_manages(by, org.path))
    p = Partnership(org=org, org_path=org.path, kind=kind, major=major, partner_org=partner_org,
                    partner_path=partner_org.path if partner_org else "", external_unit=external_unit,
                    external_branch_name=(external_branch_name or "").strip(), starts_on=starts_on, ends_on=ends_on,
                    goals=goals or "", title=(title or "").strip(), created_by=_actor(by))
    errors = Errors()
    _check_parties(p, errors)
    if not errors.errors:
        _check_duplicate(p, errors)
        if not p.title:
            p.title = f"{org.display_name}与{p.counterpart}共建"[:200]
    if starts_on and ends_on and ends_on < starts_on:
        errors.add("ends_on", "结束日期不能早于开始日期")
    contact_rows = _clean_contacts(contacts, errors)
    try:
        p.full_clean(exclude=["org_path", "partner_path", "title"], validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)
    errors.raise_if_any()
    if agreement is not None:
        p.agreement = store_file(by=by, org=org, upload=agreement, field="agreement")
    p.save()
    Contact.objects.bulk_create([Contact(partnership=p, **r.__dict__) for r in contact_rows])
    changes = diff({}, snapshot(p, PARTNERSHIP_FIELDS))
    if contact_rows:
        changes[CONTACTS_KEY] = [None, _contacts_text(contact_rows)]
    if p.agreement_id:
        changes[AGREEMENT_KEY] = [None, p.agreement.original_name]
    audit_record(actor=by, obj=p, action=AuditEntry.Action.CREATE, changes=changes, org_path=p.org_path)
    return p


@transaction.atomic
def partnership_update(*, by, partnership: Partnership, contacts: Sequence[ContactRow] | None = None,
                       agreement=None, **fields: Any) -> Partnership:
    """Change title, dates, goals, the partner's branch name; contacts (replaced whole) and the agreement."""
    _require(_manages(by, partnership.org_path))
    allowed = {"title", "starts_on", "ends_on", "goals", "external_branch_name"}
    if set(fields) - allowed:
        raise ValidationError("共建的机制和双方不能修改；如登记错了，请删除后重新登记")
    p = Partnership.objects.select_for_update(of=("self",)).select_related("org").get(pk=partnership.pk)
    before = snapshot(p, PARTNERSHIP_FIELDS)
    old_contacts = list(p.contacts.all())
    for name, value in fields.items():
        setattr(p, name, value.strip() if isinstance(value, str) else value)
    errors = Errors()
    if not p.title:
        errors.add("title", "请填写名称")
    if p.ends_on and p.starts_on and p.ends_on < p.starts_on:
        errors.add("ends_on", "结束日期不能早于开始日期")
    contact_rows = _clean_contacts(contacts, errors) if contacts is not None else None
    errors.raise_if_any()
    changes: dict[str, list] = {}
    if agreement is not None:
        old = p.agreement.original_name if p.agreement_id else None
        p.agreement = store_file(by=by, org=p.org, upload=agreement, field="agreement")
        changes[AGREEMENT_KEY] = [old, p.agreement.original_name]
    p.save()
    if contact_rows is not None:
        p.contacts.all().delete()
        Contact.objects.bulk_create([Contact(partnership=p, **r.__dict__) for r in contact_rows])
        if _contacts_text(old_contacts) != _contacts_text(contact_rows):
            changes[CONTACTS_KEY] = [_contacts_text(old_contacts), _contacts_text(contact_rows)]
    changes.update(diff(before, snapshot(p, PARTNERSHIP_FIELDS)))
    if changes:
        audit_record(actor=by, obj=p, action=AuditEntry.Action.UPDATE, changes=changes, org_path=p.org_path)
    return p


@transaction.atomic
def partnership_delete(*, by, partnership: Partnership, reason: str = "") -> Partnership:
    _require(_manages(by, partnership.org_path))
    if not partnership.is_deleted:
        partnership.deleted_at, partnership.deleted_by = timezone.now(), _actor(by)
        partnership.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(actor=by, obj=partnership, action=AuditEntry.Action.DELETE, org_path=partnership.org_path,
                     note=reason)
    return partnership


@transaction.atomic
def partnership_restore(*, by, partnership: Partnership) -> Partnership:
    _require(_manages(by, partnership.org_path))
    if partnership.is_deleted:
        partnership.deleted_at, partnership.deleted_by = None, None
        partnership.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(actor=by, obj=partnership, action=AuditEntry.Action.RESTORE, org_path=partnership.org_path)
    return partnership


# Joint activities and outcomes live in their own module; callers use them from here.
from .services_records import activity_link, activity_record, outcome_delete, outcome_record  # noqa: E402

__all__ = [
    "ContactRow", "ParticipantRow", "activity_link", "activity_record", "branch_major_link", "major_create",
    "major_level_add", "outcome_delete", "outcome_record", "partnership_create", "partnership_delete",
    "partnership_restore", "partnership_update", "store_file", "unit_register",
]
