"""Integration pages: a branch's 四同 integration rate and the three tasks, work items with their stages,
student-facing activities. Thin: a form, one selector or service call, render. Courses are in views_courses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from zhibu.core.forms import apply_validation_error as apply_errors
from zhibu.meetings.selectors import meeting_list_for_user
from zhibu.orgs import selectors as org_selectors

from . import selectors, services
from .forms import StageForm, StudentActivityForm, WorkItemForm, YearForm


def _require_manage(user, path: str) -> None:
    if not org_selectors.can_manage(user, path):
        raise PermissionDenied("您在该组织只有查看权限")


def _pct(value) -> float | None:
    return None if value is None else round(value * 100, 1)


@login_required
def org_overview(request, code: str):
    org = org_selectors.org_get_for_user(user=request.user, code=code)
    year = YearForm(request.GET or None).year_or_current()
    report = selectors.integration_report(user=request.user, org=org)
    teachers = selectors.teacher_participation(user=request.user, org=org, year=year)
    students = selectors.student_summary(user=request.user, org=org, year=year)
    coverage = selectors.course_coverage(user=request.user, org=org)
    charts = [
        {"id": "stage-chart", "unit": "项", "labels": [s["label"] for s in report["per_stage"]],
         "series": [{"name": "已记录", "data": [s["recorded"] for s in report["per_stage"]]},
                    {"name": "双方均参与", "data": [s["both"] for s in report["per_stage"]]}]},
        {"id": "coverage-chart", "unit": "%", "max": 100, "labels": [r["major"] for r in coverage],
         "series": [{"name": "课程覆盖率", "data": [_pct(r["course_rate"]) or 0 for r in coverage]},
                    {"name": "教师参与率", "data": [_pct(r["teacher_rate"]) or 0 for r in coverage]}]},
        {"id": "student-chart", "unit": "人", "labels": [k["label"] for k in students["kinds"]],
         "series": [{"name": "覆盖学生", "data": [k["reached"] for k in students["kinds"]]}]},
    ]
    if len(report["per_branch"]) > 1:
        charts.append({"id": "branch-chart", "unit": "%", "max": 100,
                       "labels": [r["org__name"] for r in report["per_branch"]],
                       "series": [{"name": "融合率", "data": [_pct(r["rate"]) or 0 for r in report["per_branch"]]}]})
    return render(request, "integration/overview.html", {
        "org": org, "year": year, "report": report, "rate_pct": _pct(report["rate"]), "teachers": teachers,
        "students": students, "coverage": coverage, "charts": charts,
        "recent_students": list(selectors.student_activity_list_for_user(user=request.user, org=org)[:10]),
        "ancestors": org_selectors.org_ancestors(org=org, user=request.user),
        "can_manage": org_selectors.can_manage(request.user, org.path) and org.kind in ("branch", "general_branch"),
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
    })


@login_required
def work_item_create(request, code: str):
    org = org_selectors.org_get_for_user(user=request.user, code=code)
    _require_manage(request.user, org.path)
    form = WorkItemForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.work_item_create(by=request.user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记“{item.title}”，请逐项记录四个环节")
            return redirect(item)
    return render(request, "integration/simple_form.html", {
        "form": form, "org": org, "title": "登记党建与业务融合事项", "back": "integration:org_overview"})


@login_required
def work_item_detail(request, work_item_id: int):
    item = selectors.work_item_get_for_user(user=request.user, work_item_id=work_item_id)
    can_manage = org_selectors.can_manage(request.user, item.org_path)
    status = selectors.item_status(item, selectors.stage_records(work_item=item))
    form = None
    if can_manage:
        meetings = meeting_list_for_user(user=request.user, org=item.org).filter(org_path__startswith=item.org_path)
        form = StageForm(request.POST or None, meetings=meetings.prefetch_related(None),
                         initial={"stage": request.GET.get("stage") or next(
                             (stage for stage, _, r in status.stages if r is None), None),
                             "occurred_on": timezone.localdate()})
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("您在该组织只有查看权限")
        if form.is_valid():
            try:
                services.stage_record(by=request.user, work_item=item, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "环节已记录")
                return redirect(item)
    return render(request, "integration/work_item_detail.html", {
        "item": item, "status": status, "form": form, "can_manage": can_manage,
        "ancestors": org_selectors.org_ancestors(org=item.org, user=request.user) + [item.org],
    })


@login_required
def student_activity_create(request, code: str):
    org = org_selectors.org_get_for_user(user=request.user, code=code)
    _require_manage(request.user, org.path)
    form = StudentActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.student_activity_record(by=request.user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "学生思政活动已登记")
            return redirect("integration:org_overview", code=org.code)
    return render(request, "integration/simple_form.html", {
        "form": form, "org": org, "title": "登记学生思政活动", "back": "integration:org_overview"})
