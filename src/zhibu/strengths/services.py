"""Writes of branch assessment: the indicator table, adjustments, plans and reviews, the model-branch
standard and disciplinary records. Keyword-only, atomic, validated in Chinese, audited."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core import evidence
from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.orgs.models import Honour, Org

from . import selectors
from .models import (
    Adjustment,
    BenchmarkStandard,
    DisciplineRecord,
    Goal,
    Indicator,
    Plan,
    PlanCategory,
    Threshold,
)

Action = AuditEntry.Action
INDICATOR_FIELDS = ["label", "target", "weight", "citation", "enabled", "unit", "numerator", "denominator", "scale"]
HUNDRED = Decimal(100)


def _decimal(value, *, field: str, label: str) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: f"{label}“{value}”不是数字"}) from exc


# --- indicators ----------------------------------------------------------------------------------------


@transaction.atomic
def indicators_update(*, by, rows: dict[str, dict]) -> list[Indicator]:
    """Change several indicators at once (code → {target, weight, citation, enabled, label}).

    The enabled indicators' weights must add up to 100 afterwards; otherwise nothing changes.
    """
    if not selectors.can_edit_indicators(by):
        raise PermissionDenied("只有系统管理员可以修改评估指标")
    current = {i.code: i for i in Indicator.objects.select_for_update().order_by("ordinal", "code")}
    errors: dict[str, str] = {}
    changed = []
    for code, values in rows.items():
        ind = current.get(code)
        if ind is None:
            errors[f"{code}"] = f"指标“{code}”不存在"
            continue
        before = snapshot(ind, INDICATOR_FIELDS)
        for name in ("target", "weight", "scale"):
            if name in values:
                label = Indicator._meta.get_field(name).verbose_name
                try:
                    setattr(ind, name, _decimal(values[name], field=f"{code}-{name}", label=f"“{ind.label}”的{label}"))
                except ValidationError as exc:
                    errors.update(exc.message_dict)
                    continue
        for name in ("citation", "label", "unit", "numerator", "denominator"):
            if name in values:
                setattr(ind, name, (values[name] or "").strip())
        if "enabled" in values:
            ind.enabled = bool(values["enabled"])
        if ind.target is not None and ind.target <= 0:
            errors[f"{code}-target"] = f"“{ind.label}”的目标值须大于0，现为{ind.target}"
        if ind.weight is not None and ind.weight < 0:
            errors[f"{code}-weight"] = f"“{ind.label}”的权重不能为负数，现为{ind.weight}"
        if not ind.citation:
            errors[f"{code}-citation"] = f"“{ind.label}”须注明依据"
        if not ind.label:
            errors[f"{code}-label"] = "指标名称不能为空"
        changes = diff(before, snapshot(ind, INDICATOR_FIELDS))
        if changes:
            changed.append((ind, changes))
    total = sum((i.weight for i in current.values() if i.enabled), Decimal(0))
    if total != HUNDRED:
        errors["weight"] = (f"启用指标的权重之和须为100，现为{total.normalize():f}"
                            f"（{'多' if total > HUNDRED else '少'}{abs(total - HUNDRED).normalize():f}），未作任何修改")
    if errors:
        raise ValidationError(errors)
    for ind, changes in changed:
        ind.save()
        audit_record(actor=by, obj=ind, action=Action.UPDATE, changes=changes)
    return [i for i, _ in changed]


# --- adjustments ---------------------------------------------------------------------------------------


@transaction.atomic
def adjustment_add(*, by, branch: Org, year: int, indicator: Indicator, points, reason: str,
                   evidence_kind: str = "", evidence_id: int | None = None, evidence_title: str = "") -> Adjustment:
    """A reviewer's (or an org admin's above the branch) evidence-backed change to one indicator's score."""
    if branch.kind != Org.Kind.BRANCH:
        raise ValidationError({"org": "只能对党支部的评估作调整"})
    if not selectors.can_adjust(by, branch):
        raise PermissionDenied("只有上级组织的评审专家或组织管理员可以调整评估")
    errors = {}
    pts = _decimal(points, field="points", label="调整分值")
    if pts == 0 or abs(pts) > 100:
        errors["points"] = f"调整分值须在-100至100之间且不为0，现为{pts}"
    reason = (reason or "").strip()
    if len(reason) < 4:
        errors["reason"] = "请写明调整理由（至少4个字）"
    if evidence_kind:
        source = evidence.source(evidence_kind)
        found = source.records(branch.path, ids=[evidence_id], limit=1) if source and evidence_id else []
        if not found:
            errors["evidence"] = f"所选佐证记录（{evidence_kind}:{evidence_id}）不是该支部的记录"
        else:
            evidence_title = f"{evidence.label(evidence_kind)}：{found[0].title}"[:200]
    evidence_title = (evidence_title or "").strip()
    if not evidence_title and "evidence" not in errors:
        errors["evidence"] = "调整须有佐证：选择支部的一条记录，或写明佐证材料"
    if errors:
        raise ValidationError(errors)
    a = Adjustment.objects.create(org=branch, org_path=branch.path, year=year, indicator=indicator, points=pts,
                                  reason=reason, evidence_kind=evidence_kind, evidence_id=evidence_id,
                                  evidence_title=evidence_title, created_by=by)
    audit_record(actor=by, obj=a, action=Action.CREATE, org_path=branch.path,
                 changes={"points": [None, str(pts)], "reason": [None, reason], "evidence": [None, evidence_title]})
    return a


@transaction.atomic
def adjustment_remove(*, by, adjustment: Adjustment, reason: str = "") -> None:
    if not selectors.can_adjust(by, adjustment.org):
        raise PermissionDenied("只有上级组织的评审专家或组织管理员可以撤销调整")
    adjustment.deleted_at = timezone.now()
    adjustment.deleted_by = by if getattr(by, "is_authenticated", False) else None
    adjustment.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=adjustment, action=Action.DELETE, org_path=adjustment.org_path, note=reason)


# --- plans ---------------------------------------------------------------------------------------------


def _goals(rows: list[dict], indicators: dict[str, Indicator]) -> list[Goal]:
    errors: dict[str, list[str]] = {}
    goals = []
    for n, row in enumerate(rows, start=1):
        title = (row.get("title") or "").strip()
        category = row.get("category") or ""
        code = (row.get("indicator") or "").strip()
        target = row.get("target_value")
        if not title and not code:
            continue
        msgs = []
        if category not in PlanCategory.values:
            msgs.append(f"第{n}条目标：类别“{category}”不正确")
        if not title:
            msgs.append(f"第{n}条目标：请填写目标")
        ind = None
        if code:
            ind = indicators.get(code)
            if ind is None:
                msgs.append(f"第{n}条目标：指标“{code}”不存在")
        value = None
        if target not in (None, ""):
            try:
                value = Decimal(str(target).strip())
            except InvalidOperation:
                msgs.append(f"第{n}条目标：目标值“{target}”不是数字")
        if ind is not None and value is None and not any("目标值" in m for m in msgs):
            msgs.append(f"第{n}条目标：关联了指标“{ind.label}”，须填写目标值")
        if msgs:
            errors.setdefault("goals", []).extend(msgs)
            continue
        goals.append(Goal(category=category, ordinal=n, title=title, indicator=ind, target_value=value))
    if errors:
        raise ValidationError(errors)
    return goals


@transaction.atomic
def plan_save(*, by, branch: Org, year: int, summary: str, goals: list[dict]) -> Plan:
    """Create or replace the branch's plan for the year: its summary and all its goals."""
    if branch.kind != Org.Kind.BRANCH:
        raise ValidationError({"org": "年度工作计划由党支部制定"})
    if not selectors.can_edit_plan(by, branch):
        raise PermissionDenied("您在该支部只有查看权限")
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": f"年度“{year}”不正确"})
    new_goals = _goals(goals, {i.code: i for i in selectors.indicator_list()})
    plan = Plan.objects.select_for_update().filter(org=branch, year=year).first()
    created = plan is None
    if created:
        plan = Plan.objects.create(org=branch, org_path=branch.path, year=year, summary=summary, created_by=by)
        before = {"summary": None, "目标": None}
    else:
        before = {"summary": plan.summary, "目标": "；".join(g.title for g in selectors.ordered_goals(plan))}
        plan.summary = summary
        plan.save(update_fields=["summary", "updated_at"])
        plan.goals.all().delete()
    for g in new_goals:
        g.plan = plan
    Goal.objects.bulk_create(new_goals)
    after = {"summary": summary, "目标": "；".join(g.title for g in new_goals)}
    audit_record(actor=by, obj=plan, action=Action.CREATE if created else Action.UPDATE, org_path=branch.path,
                 changes=diff(before, after))
    return plan


@transaction.atomic
def plan_review(*, by, plan: Plan, note: str) -> Plan:
    """The year-end review: the note, and a snapshot of the score the records give now."""
    if not selectors.can_edit_plan(by, plan.org):
        raise PermissionDenied("您在该支部只有查看权限")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"review_note": "请填写年终总结"})
    score = selectors.branch_score(org=plan.org, year=plan.year)
    plan.review_note = note
    plan.reviewed_at = timezone.now()
    plan.review_total = Decimal(str(score.total))
    plan.review_scores = {"by_strength": score.by_strength,
                          "indicators": {i.code: {"value": i.value, "score": i.score} for i in score.indicators}}
    plan.save(update_fields=["review_note", "reviewed_at", "review_total", "review_scores", "updated_at"])
    audit_record(actor=by, obj=plan, action=Action.UPDATE, org_path=plan.org_path,
                 changes={"review_total": [None, score.total]}, note="年终总结")
    return plan


# --- the model-branch standard -------------------------------------------------------------------------


def _thresholds_text(rows) -> str:
    return "；".join(f"{t.indicator.label}≥{t.min_value.normalize():f}" for t in rows)


@transaction.atomic
def standard_save(*, by, org: Org, name: str, min_total=None, honour_years: int = 3, honour_min: int = 1,
                  honour_levels: list[str] | None = None, require_clean_record: bool = True,
                  thresholds: dict[str, object] | None = None) -> BenchmarkStandard:
    """Create or replace a committee's 样板支部 standard (thresholds by indicator code)."""
    if not selectors.can_edit_standard(by, org):
        raise PermissionDenied("只有该组织的管理员可以设置样板支部标准")
    errors: dict[str, str] = {}
    levels = list(honour_levels or [])
    bad = [lv for lv in levels if lv not in Honour.Level.values]
    if bad:
        errors["honour_levels"] = f"荣誉级别“{'、'.join(bad)}”不正确"
    if not 1 <= int(honour_years) <= 10:
        errors["honour_years"] = f"荣誉年限须在1至10年之间，现为{honour_years}"
    total = None
    if min_total not in (None, ""):
        total = _decimal(min_total, field="min_total", label="总分下限")
        if not 0 <= total <= 100:
            errors["min_total"] = f"总分下限须在0至100之间，现为{total}"
    indicators = {i.code: i for i in selectors.indicator_list()}
    rows = []
    for code, value in (thresholds or {}).items():
        if value in (None, ""):
            continue
        ind = indicators.get(code)
        if ind is None:
            errors[f"threshold-{code}"] = f"指标“{code}”不存在"
            continue
        try:
            rows.append(Threshold(indicator=ind, min_value=_decimal(value, field=code, label=f"“{ind.label}”的门槛")))
        except ValidationError as exc:
            errors[f"threshold-{code}"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    std = BenchmarkStandard.objects.select_for_update().filter(org=org).first()
    created = std is None
    fields = {"name": (name or "样板支部标准").strip(), "min_total": total, "honour_years": int(honour_years),
              "honour_min": int(honour_min), "honour_levels": levels, "require_clean_record": bool(require_clean_record)}
    if created:
        std = BenchmarkStandard.objects.create(org=org, org_path=org.path, created_by=by, **fields)
        before = {}
    else:
        before = {**snapshot(std, ["name", "min_total", "honour_years", "honour_min", "require_clean_record"]),
                  "指标门槛": _thresholds_text(std.thresholds.select_related("indicator"))}
        for k, v in fields.items():
            setattr(std, k, v)
        std.save()
        std.thresholds.all().delete()
    for t in rows:
        t.standard = std
    Threshold.objects.bulk_create(rows)
    after = {**snapshot(std, ["name", "min_total", "honour_years", "honour_min", "require_clean_record"]),
             "指标门槛": _thresholds_text(rows)}
    audit_record(actor=by, obj=std, action=Action.CREATE if created else Action.UPDATE, org_path=org.path,
                 changes=diff(before, after))
    return std


@transaction.atomic
def discipline_record_add(*, by, branch: Org, occurred_on, summary: str) -> DisciplineRecord:
    if not selectors.can_adjust(by, branch):
        raise PermissionDenied("只有上级组织的评审专家或组织管理员可以登记违纪问题")
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": "请填写情况"})
    r = DisciplineRecord.objects.create(org=branch, org_path=branch.path, occurred_on=occurred_on, summary=summary,
                                        created_by=by)
    audit_record(actor=by, obj=r, action=Action.CREATE, org_path=branch.path,
                 changes={"occurred_on": [None, occurred_on.isoformat()], "summary": [None, summary]})
    return r
