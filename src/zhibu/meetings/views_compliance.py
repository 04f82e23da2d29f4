"""Compliance pages: the report with its heatmap, the drill-down, the Excel export, the home page's
reminders (an htmx fragment), and the rules' editor. Thin: a form, one call, render."""

import datetime as dt
import re
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from zhibu.core.audit import history_for
from zhibu.core.forms import apply_validation_error
from zhibu.orgs.models import Org
from zhibu.orgs.selectors import org_ancestors, org_roots_for_user

from . import compliance, rules
from .forms_compliance import ReportFilterForm, RuleCreateForm, RuleForm
from .models import Rule
from .warnings import warnings_for_user

BRANCHES_PER_PAGE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def compliance_index(request):
    root = org_roots_for_user(user=request.user).first()
    if root is None:
        raise Http404("暂无可访问的组织")
    return redirect("compliance:report", code=root.code)


def _filters(request) -> tuple[ReportFilterForm, list[Rule]]:
    periodic = [r for r in rules.rules_enabled() if r.check_type in rules.PERIODIC_CHECKS]
    form = ReportFilterForm(request.GET or None, rules=periodic)
    return form, periodic


@login_required
def compliance_report(request, code: str):
    form, periodic = _filters(request)
    period = form.period()
    report = compliance.report_for_user(user=request.user, code=code, period=period)
    rule_code = form.cleaned_data.get("rule") if form.is_bound and form.is_valid() else ""
    page = Paginator(report.compliance.branches, BRANCHES_PER_PAGE).get_page(request.GET.get("page"))
    heatmap = compliance.heatmap_data(report, list(page), rule_code or None)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "meetings/compliance_report.html", {
        "form": form,
        "report": report,
        "org": report.org,
        "period": period,
        "today": report.compliance.today,
        "summary": report.compliance.summary(),
        "page": page,
        "rows": [(b, [b.results.get(r.code) for r in report.rules]) for b in page],
        "heatmap": heatmap,
        "chart_height": 56 + 30 * max(1, len(page)),
        "heatmap_rule": next((r for r in periodic if r.code == rule_code), None),
        "columns": [(r, compliance.rule_label(r)) for r in report.rules],
        "ancestors": org_ancestors(org=report.org, user=request.user) + [report.org],
        "export_query": query.urlencode(),
        "can_edit_rules": rules.can_edit_rules(request.user),
    })


@login_required
def compliance_month(request, code: str, year: int, month: int):
    try:
        first = dt.date(year, month, 1)
    except ValueError as exc:
        raise Http404("月份不正确") from exc
    detail = compliance.month_detail_for_user(user=request.user, code=code, month=first)
    return render(request, "meetings/_compliance_month.html", detail)


@login_required
def compliance_export(request, code: str):
    form, _ = _filters(request)
    report = compliance.report_for_user(user=request.user, code=code, period=form.period())
    body = compliance.export_workbook(report, detail=request.GET.get("detail") == "1")
    response = HttpResponse(body, content_type=XLSX_TYPE)
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", f"{report.org.name}_标准化检查_{form.period().label}.xlsx")
    ascii_name = f"compliance-{report.org.code}-{report.compliance.period.first:%Y%m}.xlsx"
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def compliance_warnings(request):
    """The home page's panel, loaded by htmx after the page: the page itself stays fast."""
    return render(request, "meetings/_warnings.html", {"panel": warnings_for_user(user=request.user)})


# --- rules -------------------------------------------------------------------------------------------


@login_required
def rule_list(request):
    rows = sorted(Rule.objects.all(), key=lambda r: (not r.enabled, rules.rule_sort_key(r)))
    for r in rows:
        r.kind_labels = [Org.Kind(k).label for k in r.applies_to_kinds if k in Org.Kind.values]
        r.category_labels = [Org.Category(c).label for c in r.applies_to_categories if c in Org.Category.values]
    return render(request, "meetings/compliance_rules.html", {
        "rules": rows,
        "can_edit": rules.can_edit_rules(request.user),
    })


def _require_rule_admin(user) -> None:
    if not rules.can_edit_rules(user):
        raise PermissionDenied("只有系统管理员可以修改标准化规则")


@login_required
def rule_edit(request, code: str):
    _require_rule_admin(request.user)
    rule = get_object_or_404(Rule, code=code)
    form = RuleForm(request.POST or None, instance=Rule.objects.get(pk=rule.pk))
    if request.method == "POST" and form.is_valid():
        try:
            rules.rule_update(by=request.user, rule=rule, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已保存规则“{rule.name}”")
            return redirect("compliance:rule_list")
    return render(request, "meetings/compliance_rule_form.html", {"form": form, "rule": rule,
                                                                  "title": f"编辑规则 · {rule.name}"})


@login_required
def rule_create(request):
    _require_rule_admin(request.user)
    form = RuleCreateForm(request.POST or None, initial={"applies_to_kinds": ["branch"], "min_count": 1})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            rule = rules.rule_create(by=request.user, code=data.pop("code"), name=data.pop("name"),
                                     check_type=data.pop("check_type"), **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已新增规则“{rule.name}”")
            return redirect("compliance:rule_list")
    return render(request, "meetings/compliance_rule_form.html", {"form": form, "rule": None, "title": "新增规则"})


@login_required
def rule_history(request, code: str):
    rule = get_object_or_404(Rule, code=code)
    page = Paginator(history_for(rule), 50).get_page(request.GET.get("page"))
    return render(request, "meetings/compliance_rule_history.html", {"rule": rule, "page": page})
