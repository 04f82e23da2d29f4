"""Another branch taking up a published method （借鉴推广）: recorded by that branch, with outcomes later."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.notifications import notify
from zhibu.orgs.models import Org
from zhibu.orgs.selectors import can_manage

from . import roles
from .models import Adoption, Case

ADOPTION_FIELDS = ["adopted_on", "adaptation", "outcomes", "outcomes_on"]


def _require_manage(by, branch: Org) -> None:
    if by is not None and not can_manage(by, branch.path):
        raise PermissionDenied("只有借鉴支部的书记、支委或组织管理员可以登记借鉴情况")


@transaction.atomic
def adoption_create(
    *, by, case: Case, branch: Org, adopted_on: dt.date, adaptation: str, via: Adoption | None = None,
    outcomes: str = "", outcomes_on: dt.date | None = None,
) -> Adoption:
    """Record that `branch` adopted the case's method (from the case itself, or `via` another adopter)."""
    _require_manage(by, branch)
    errors: dict[str, list[str]] = {}
    if not case.is_public:
        errors.setdefault("case", []).append("只能借鉴已发布的案例")
    if branch.kind != Org.Kind.BRANCH:
        errors.setdefault("branch", []).append("借鉴方应是党支部")
    if branch.pk == case.branch_id:
        errors.setdefault("branch", []).append("不能借鉴本支部自己的案例")
    elif Adoption.objects.filter(case=case, branch=branch).exists():
        errors.setdefault("branch", []).append(f"{branch.display_name}已登记过借鉴该案例")
    if via is not None:
        if via.case_id != case.pk:
            errors.setdefault("via", []).append("“经由”的借鉴记录不是同一案例的")
        elif via.branch_id == branch.pk:
            errors.setdefault("via", []).append("不能经由本支部自己的借鉴记录")
        elif adopted_on and adopted_on < via.adopted_on:
            errors.setdefault("via", []).append(f"借鉴日期早于{via.branch.display_name}的借鉴日期")
    if adopted_on and adopted_on > timezone.localdate():
        errors.setdefault("adopted_on", []).append("借鉴日期不能晚于今天")
    if case.published_at and adopted_on and adopted_on < timezone.localtime(case.published_at).date():
        errors.setdefault("adopted_on", []).append("借鉴日期不能早于案例发布日期")
    if not (adaptation or "").strip():
        errors.setdefault("adaptation", []).append("请说明如何结合本支部实际借鉴")
    if outcomes_on and adopted_on and outcomes_on < adopted_on:
        errors.setdefault("outcomes_on", []).append("成效记录日期不能早于借鉴日期")
    if errors:
        raise ValidationError(errors)
    adoption = Adoption.objects.create(
        case=case, branch=branch, org_path=branch.path, via=via, adopted_on=adopted_on,
        adaptation=adaptation.strip(), outcomes=(outcomes or "").strip(), outcomes_on=outcomes_on,
        created_by=roles.user_or_none(by),
    )
    audit_record(actor=by, obj=adoption, action=AuditEntry.Action.CREATE, org_path=branch.path,
                 changes=diff({}, snapshot(adoption, ADOPTION_FIELDS)))
    audit_record(actor=by, obj=case, action=AuditEntry.Action.UPDATE, org_path=case.org_path,
                 changes={"借鉴推广": [None, branch.name]})
    authors = get_user_model().objects.filter(roles.authors_q(case.branch), is_active=True).distinct()
    notify(recipients=authors, verb=f"{branch.display_name}借鉴了您的工作法案例“{case.title}”",
           url=case.get_absolute_url(), actor=by)
    return adoption


@transaction.atomic
def adoption_record_outcomes(*, by, adoption: Adoption, outcomes: str, outcomes_on: dt.date | None = None) -> Adoption:
    """Write what the adoption achieved after a while."""
    _require_manage(by, adoption.branch)
    if not (outcomes or "").strip():
        raise ValidationError({"outcomes": "请填写实施成效"})
    outcomes_on = outcomes_on or timezone.localdate()
    if outcomes_on < adoption.adopted_on:
        raise ValidationError({"outcomes_on": "成效记录日期不能早于借鉴日期"})
    before = snapshot(adoption, ADOPTION_FIELDS)
    adoption.outcomes, adoption.outcomes_on = outcomes.strip(), outcomes_on
    adoption.save(update_fields=["outcomes", "outcomes_on", "updated_at"])
    changes = diff(before, snapshot(adoption, ADOPTION_FIELDS))
    if changes:
        audit_record(actor=by, obj=adoption, action=AuditEntry.Action.UPDATE, org_path=adoption.org_path,
                     changes=changes)
    return adoption
