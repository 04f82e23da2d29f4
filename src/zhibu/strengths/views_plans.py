"""A branch's annual plan and year-end review, reviewers' adjustments and disciplinary records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhibu.core import evidence
from zhibu.core.audit import history_for
from zhibu.core.forms import apply_validation_error
from zhibu.orgs.selectors import org_ancestors

from . import selectors, services
from .forms import (
    AdjustmentForm,
    DisciplineForm,
    PlanForm,
    ReviewForm,
    goal_rows_from_plan,
    goal_rows_from_post,
)
from .models import Indicator, PlanCategory


def _branch_url(branch, year: int) -> str:
    return reverse("strengths:branch", args=[branch.code]) + f"?year={year}"


@login_required
def plan_detail(request, code: str, year: int):
    branch = selectors.branch_for_user(user=request.user, code=code)
    plan = selectors.plan_for(org=branch, year=year)
    if plan is None:
        if selectors.can_edit_plan(request.user, branch):
            return redirect("strengths:plan_edit", code=branch.code, year=year)
        raise Http404("该支部尚未制定本年度计划")
    score = selectors.branch_score(org=branch, year=year)
    rows = selectors.plan_results(plan, score)
    groups = [(label, [r for r in rows if r["goal"].category == value]) for value, label in PlanCategory.choices]
    can_edit = selectors.can_edit_plan(request.user, branch)
    return render(request, "strengths/plan.html", {
        "org": branch, "year": year, "plan": plan, "groups": groups, "score": score,
        "met": sum(1 for r in rows if r["met"]), "linked": sum(1 for r in rows if r["met"] is not None),
        "can_edit": can_edit, "review_form": ReviewForm(initial={"review_note": plan.review_note}) if can_edit else None,
        "history": list(history_for(plan)[:20]),
        "ancestors": org_ancestors(org=branch, user=request.user) + [branch],
    })


@login_required
def plan_edit(request, code: str, year: int):
    branch = selectors.branch_for_user(user=request.user, code=code)
    if not selectors.can_edit_plan(request.user, branch):
        raise PermissionDenied("您在该支部只有查看权限")
    plan = selectors.plan_for(org=branch, year=year)
    form = PlanForm(request.POST or None, initial={"summary": plan.summary if plan else ""})
    rows = goal_rows_from_post(request.POST) if request.method == "POST" else goal_rows_from_plan(plan)
    goal_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(by=request.user, branch=branch, year=year, summary=form.cleaned_data["summary"],
                               goals=rows)
        except ValidationError as exc:
            goal_errors = exc.message_dict.get("goals", []) if hasattr(exc, "error_dict") else exc.messages
            apply_validation_error(form, ValidationError({k: v for k, v in exc.message_dict.items() if k != "goals"})
                                   if hasattr(exc, "error_dict") else ValidationError([]))
        else:
            messages.success(request, f"已保存{year}年度工作计划")
            return redirect("strengths:plan", code=branch.code, year=year)
    return render(request, "strengths/plan_form.html", {
        "org": branch, "year": year, "plan": plan, "form": form, "rows": rows, "goal_errors": goal_errors,
        "categories": PlanCategory.choices, "indicators": selectors.indicators_enabled(),
        "ancestors": org_ancestors(org=branch, user=request.user) + [branch],
    })


@login_required
@require_POST
def plan_review(request, code: str, year: int):
    branch = selectors.branch_for_user(user=request.user, code=code)
    plan = selectors.plan_for(org=branch, year=year)
    if plan is None:
        raise Http404("该支部尚未制定本年度计划")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写年终总结")
    else:
        services.plan_review(by=request.user, plan=plan, note=form.cleaned_data["review_note"])
        messages.success(request, "已保存年终总结，并记录了当前得分")
    return redirect("strengths:plan", code=branch.code, year=year)


@login_required
@require_POST
def adjustment_add(request, code: str):
    branch = selectors.branch_for_user(user=request.user, code=code)
    if not selectors.can_adjust(request.user, branch):
        raise PermissionDenied("只有上级组织的评审专家或组织管理员可以调整评估")
    year = int(request.POST.get("year") or 0)
    indicators = selectors.indicators_enabled()
    form = AdjustmentForm(request.POST, indicators=[_Labelled(i) for i in indicators],
                          records=evidence.records_for(branch.path, limit=40)[:120])
    if form.is_valid() and 2000 <= year <= 2100:
        kind, rid = form.evidence_ref()
        try:
            services.adjustment_add(
                by=request.user, branch=branch, year=year,
                indicator=next(i for i in indicators if i.code == form.cleaned_data["indicator"]),
                points=form.cleaned_data["points"], reason=form.cleaned_data["reason"], evidence_kind=kind,
                evidence_id=rid, evidence_title=form.cleaned_data["evidence_title"])
        except ValidationError as exc:
            for msgs in exc.message_dict.values():
                for m in msgs:
                    messages.error(request, m)
        else:
            messages.success(request, "已记录调整")
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errs)}" if label else "；".join(errs))
    return redirect(_branch_url(branch, year or 2000) + "#adjustments")


class _Labelled:
    """An indicator with the strength label the form shows."""

    def __init__(self, ind: Indicator):
        self.code, self.label, self.strength_label = ind.code, ind.label, ind.get_strength_display()


@login_required
@require_POST
def adjustment_remove(request, adjustment_id: int):
    a = selectors.adjustment_get_for_user(user=request.user, adjustment_id=adjustment_id)
    services.adjustment_remove(by=request.user, adjustment=a, reason=request.POST.get("reason", ""))
    messages.success(request, "已撤销调整")
    return redirect(_branch_url(a.org, a.year) + "#adjustments")


@login_required
@require_POST
def discipline_add(request, code: str):
    branch = selectors.branch_for_user(user=request.user, code=code)
    form = DisciplineForm(request.POST)
    year = request.POST.get("year") or ""
    if form.is_valid():
        services.discipline_record_add(by=request.user, branch=branch, **form.cleaned_data)
        messages.success(request, "已登记")
    else:
        messages.error(request, "请填写发生日期和情况")
    return redirect(reverse("strengths:branch", args=[branch.code]) + (f"?year={year}" if year.isdigit() else "")
                    + "#benchmark")
