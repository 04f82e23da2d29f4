"""Writes of deeds, their confirmation, badge pledges and point rules: validated, atomic, audited.

Bad input is refused with a ValidationError in Chinese naming the field, and nothing changes. The deed
sync is in `services_sync`, the member appraisal in `services_appraisal`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.uploads import check_upload
from zhibu.orgs.models import Member
from zhibu.orgs.selectors import can_manage

from .models import BadgePledge, Deed, PointRule

DEED_FIELDS = ["member", "date", "title", "category", "beneficiaries", "beneficiary_note", "hours", "status",
               "confirmed_via", "confirmer_name"]
RULE_FIELDS = ["code", "kind", "label", "points", "cap", "year_from", "year_to", "enabled", "citation"]
CONFIRM_SALT = "zhibu.assessment.deed-confirm"
CONFIRM_MAX_AGE = dt.timedelta(days=14)
MAX_HOURS = Decimal(24 * 31)


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


def _cn_date(d: dt.date | dt.datetime) -> str:
    if isinstance(d, dt.datetime):
        d = timezone.localtime(d).date()
    return f"{d.year}年{d.month}月{d.day}日"


def _is_own(by, member: Member) -> bool:
    return by is not None and getattr(by, "pk", None) is not None and member.user_id == by.pk


def _require(ok: bool, message: str = "您没有权限进行该操作") -> None:
    if not ok:
        raise PermissionDenied(message)


# --- deeds ----------------------------------------------------------------------------------------


def _store_evidence(deed: Deed, upload) -> None:
    original = (getattr(upload, "name", "") or "佐证材料").replace("\\", "/").rsplit("/", 1)[-1][:200]
    try:
        checked = check_upload(upload, name=original)
    except ValidationError as exc:
        raise ValidationError({"evidence": exc.messages}) from exc
    path = f"assessment/deeds/{checked.sha256[:2]}/{checked.sha256}{checked.type.extension}"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(checked.data))
    deed.evidence.name = path
    deed.evidence_name, deed.evidence_type = original, checked.type.content_type
    deed.evidence_ext, deed.evidence_sha256 = checked.type.extension, checked.sha256


@transaction.atomic
def deed_log(
    *, by, member: Member, date: dt.date, title: str, category: str, hours, beneficiaries: int = 0,
    beneficiary_note: str = "", evidence=None,
) -> Deed:
    """A member logs a deed they did (or the branch's managers log it for them); it waits for confirmation."""
    _require(by is None or _is_own(by, member) or can_manage(by, member.org_path),
             "只能登记本人的实事（支部书记、支委可为本支部党员登记）")
    errors: dict[str, list[str]] = {}
    try:
        hours = Decimal(str(hours if hours not in (None, "") else 0))
    except InvalidOperation:
        errors.setdefault("hours", []).append(f"时长“{hours}”不是数字")
        hours = Decimal(0)
    if hours < 0:
        errors.setdefault("hours", []).append("时长不能为负数")
    elif hours > MAX_HOURS:
        errors.setdefault("hours", []).append(f"时长{hours}小时过长：一件实事不超过{MAX_HOURS}小时，跨月的请分次登记")
    if date and date > timezone.localdate():
        errors.setdefault("date", []).append("日期不能晚于今天")
    if category not in Deed.Category.values:
        errors.setdefault("category", []).append(f"类别“{category}”无效，应为服务学生、教学帮扶、就业帮扶、毕业寄、志愿服务或其他")
    if beneficiaries is None or beneficiaries < 0:
        errors.setdefault("beneficiaries", []).append("服务人数不能为负数")
    deed = Deed(member=member, org_id=member.org_id, org_path=member.org_path, date=date, title=(title or "").strip(),
                category=category, hours=hours, beneficiaries=beneficiaries or 0,
                beneficiary_note=(beneficiary_note or "").strip(), created_by=_actor(by))
    if not deed.title:
        errors.setdefault("title", []).append("请填写做了什么")
    try:
        deed.full_clean(exclude=["org_path", "member", "org", "hours", "category", "evidence"],
                        validate_constraints=False)
    except ValidationError as exc:
        for k, v in exc.message_dict.items():
            errors.setdefault(k, []).extend(v)
    if errors:
        raise ValidationError(errors)
    if evidence is not None:
        _store_evidence(deed, evidence)
    deed.save()
    changes = {k: v for k, v in diff({}, snapshot(deed, DEED_FIELDS)).items() if v[1] not in ("", None)}
    if deed.evidence_name:
        changes["evidence"] = [None, deed.evidence_name]
    audit_record(actor=by, obj=deed, action=AuditEntry.Action.CREATE, changes=changes, org_path=deed.org_path)
    return deed


def _refuse_if_confirmed(deed: Deed) -> None:
    if deed.is_confirmed:
        how = deed.get_confirmed_via_display()
        who = f"（{deed.confirmer_name}）" if deed.confirmer_name else ""
        when = f"已于{_cn_date(deed.confirmed_at)}" if deed.confirmed_at else "已"
        raise ValidationError(f"该实事{when}经{how}{who}确认，不能重复确认", code="already_confirmed")


def _refuse_if_own(by, deed: Deed) -> None:
    if by is not None and getattr(by, "pk", None) is not None and (
            deed.member.user_id == by.pk or deed.created_by_id == by.pk):
        raise ValidationError("不能确认本人的实事（或本人登记的实事）：请由服务对象或支部其他委员确认", code="own")


def _confirm(*, by, deed: Deed, via: str, name: str, note: str) -> Deed:
    locked = Deed.objects.select_for_update().select_related("member").get(pk=deed.pk)
    _refuse_if_confirmed(locked)
    _refuse_if_own(by, locked)
    before = snapshot(locked, DEED_FIELDS)
    locked.status, locked.confirmed_via, locked.confirmed_at = Deed.Status.CONFIRMED, via, timezone.now()
    locked.confirmed_by, locked.confirmer_name, locked.confirm_note = _actor(by), name[:60], (note or "")[:200]
    locked.save(update_fields=["status", "confirmed_via", "confirmed_at", "confirmed_by", "confirmer_name",
                               "confirm_note", "updated_at"])
    audit_record(actor=by, obj=locked, action=AuditEntry.Action.UPDATE,
                 changes=diff(before, snapshot(locked, DEED_FIELDS)), org_path=locked.org_path,
                 note=f"{locked.get_confirmed_via_display()}：{note}" if note else locked.get_confirmed_via_display())
    return locked


@transaction.atomic
def deed_confirm(*, by, deed: Deed, note: str = "") -> Deed:
    """The branch's secretary (or a committee member) confirms a member's deed."""
    _require(can_manage(by, deed.org_path), "只有本支部书记、支委可以确认党员的实事")
    if deed.is_deleted:
        raise ValidationError("该实事已删除")
    name = (by.get_full_name() or by.get_username()) if by is not None else ""
    return _confirm(by=by, deed=deed, via=Deed.Via.SECRETARY, name=name, note=note)


def deed_confirm_token(deed: Deed) -> str:
    """The signed token of the link a beneficiary opens to confirm the deed (valid CONFIRM_MAX_AGE)."""
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(f"{deed.pk}.{deed.member_id}")


def deed_from_token(token: str) -> Deed:
    """The deed a confirmation link names, or a ValidationError saying why the link does not work."""
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        days = CONFIRM_MAX_AGE.days
        raise ValidationError(f"确认链接已过期（有效期{days}天），请联系登记人重新生成确认链接", code="expired") from exc
    except signing.BadSignature as exc:
        raise ValidationError("确认链接无效：请核对链接是否完整", code="bad_link") from exc
    deed_id, _, member_id = value.partition(".")
    deed = Deed.objects.select_related("member", "org").filter(pk=deed_id, member_id=member_id).first()
    if deed is None:
        raise ValidationError("确认链接对应的实事已不存在", code="gone")
    return deed


@transaction.atomic
def deed_confirm_by_beneficiary(*, token: str, name: str, note: str = "", by=None) -> Deed:
    """A beneficiary confirms through the signed link: their name is required; the author cannot use it."""
    deed = deed_from_token(token)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写您的姓名"})
    if name == deed.member.name:
        raise ValidationError({"name": "不能确认本人的实事：请由服务对象填写本人姓名确认"})
    return _confirm(by=by, deed=deed, via=Deed.Via.BENEFICIARY, name=name, note=note)


@transaction.atomic
def deed_delete(*, by, deed: Deed, reason: str = "") -> Deed:
    """Withdraw a deed not yet confirmed (its author), or any hand-logged deed (the branch's managers)."""
    manages = can_manage(by, deed.org_path)
    _require(manages or (_is_own(by, deed.member) and not deed.is_confirmed), "已确认的实事只能由支部删除")
    if deed.from_record:
        raise ValidationError("由业务记录生成的实事随记录同步，不能单独删除")
    if not deed.is_deleted:
        deed.deleted_at, deed.deleted_by = timezone.now(), _actor(by)
        deed.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(actor=by, obj=deed, action=AuditEntry.Action.DELETE, org_path=deed.org_path, note=reason)
    return deed


# --- badge pledges --------------------------------------------------------------------------------


@transaction.atomic
def badge_pledge(*, by, member: Member, year: int, promise: str = "") -> BadgePledge:
    """A member pledges 戴党徽、亮身份 for `year` (idempotent: a second pledge changes nothing)."""
    _require(by is None or _is_own(by, member) or can_manage(by, member.org_path), "只能为本人作出承诺")
    today = timezone.localdate()
    if not today.year - 1 <= year <= today.year + 1:
        raise ValidationError({"year": f"只能为{today.year - 1}至{today.year + 1}年度作出承诺"})
    if member.status not in (Member.Status.FULL, Member.Status.PROBATIONARY):
        raise ValidationError(f"{member.name}尚不是党员（{member.get_status_display()}），无需作出戴党徽、亮身份承诺")
    pledge, created = BadgePledge.objects.get_or_create(
        member=member, year=year,
        defaults={"org_id": member.org_id, "org_path": member.org_path, "promise": (promise or "").strip()[:200]},
    )
    if created:
        audit_record(actor=by, obj=pledge, action=AuditEntry.Action.CREATE, org_path=pledge.org_path,
                     changes={"year": [None, year], "promise": [None, pledge.promise]})
    return pledge


# --- point rules ----------------------------------------------------------------------------------


def point_rule_validate(rule: PointRule) -> None:
    errors: dict[str, list[str]] = {}
    if rule.kind in PointRule.DEDUCTIONS and rule.points is not None and rule.points > 0:
        errors.setdefault("points", []).append(f"“{rule.get_kind_display()}”是扣分项，分值应为负数或0")
    if rule.kind not in PointRule.DEDUCTIONS and rule.points is not None and rule.points < 0:
        errors.setdefault("points", []).append(f"“{rule.get_kind_display()}”是加分项，分值不能为负数")
    if rule.year_to is not None and rule.year_to < rule.year_from:
        errors.setdefault("year_to", []).append("截止年度不能早于起始年度")
    if rule.enabled:
        overlapping = PointRule.objects.filter(kind=rule.kind, enabled=True).exclude(pk=rule.pk)
        for other in overlapping:
            last = other.year_to or 9999
            mine = rule.year_to or 9999
            if other.year_from <= mine and rule.year_from <= last:
                span = f"{other.year_from}—{other.year_to or '长期'}"
                errors.setdefault("year_from", []).append(
                    f"“{rule.get_kind_display()}”在{span}年度已有规则“{other.label}”（{other.code}）：同一年度每项只能有一条规则，"
                    "请先为原规则填写截止年度")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def point_rule_save(*, by, rule: PointRule) -> PointRule:
    """Create or change a rule (the admin's form calls this): validated and written to the history."""
    _require(by is None or getattr(by, "is_superuser", False), "只有系统管理员可以修改积分规则")
    point_rule_validate(rule)
    before = snapshot(PointRule.objects.get(pk=rule.pk), RULE_FIELDS) if rule.pk else {}
    creating = rule.pk is None
    rule.save()
    changes = diff(before, snapshot(rule, RULE_FIELDS))
    if changes:
        audit_record(actor=by, obj=rule, action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
                     changes=changes)
    return rule
