"""Assessment pages: the ranking of a scope with the radar of a selected branch, a branch's page, the
drill-down behind each number, and the exports. Thin: a form, one selector call, render."""

import re
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zhibu.core import evidence, metrics
from zhibu.core.paths import subtree_q
from zhibu.orgs.models import Org
from zhibu.orgs.selectors import can_manage, org_ancestors, org_roots_for_user

from . import benchmark, exports, selectors
from .forms import AdjustmentForm, DisciplineForm, YearForm
from .models import STRENGTH_CODES, Indicator, Strength
from .scoring import year_bounds

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachment(body: bytes, content_type: str, name: str, ascii_name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    name = re.sub(r'[\\/:*?"<>|\s]+', "_", name)
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
    response["Cache-Control"] = "no-store"
    return response


def radar(series: list[tuple[str, dict[str, float]]]) -> dict:
    return {"indicators": [{"name": Strength(c).label, "max": 100} for c in STRENGTH_CODES],
            "series": [{"name": name, "value": [values.get(c, 0) for c in STRENGTH_CODES]} for name, values in series]}


@login_required
def index(request):
    year = YearForm(request.GET or None).year_or_default()
    code = request.GET.get("org")
    if code:
        org = selectors.org_for_user(user=request.user, code=code)
    else:
        org = org_roots_for_user(user=request.user).exclude(kind=Org.Kind.GROUP).first()
        if org is None:
            raise Http404("暂无可访问的组织")
    if org.kind == Org.Kind.BRANCH:
        return redirect(reverse("strengths:branch", args=[org.code]) + f"?year={year}")
    scores = selectors.ranking(selectors.scores_for_scope(org=org, year=year))
    page = Paginator(scores, PER_PAGE).get_page(request.GET.get("page"))
    offset = (page.number - 1) * PER_PAGE
    chosen = request.GET.get("branch")
    selected = next((s for s in scores if s.org.code == chosen), None) or (page.object_list[0] if page else None)
    average = selectors.average_score(org=org, year=year, scores=scores)
    series = [("本单位支部平均", average.by_strength)]
    if selected is not None:
        series.insert(0, (selected.org.display_name, selected.by_strength))
    query = {"org": org.code, "year": year}
    return render(request, "strengths/index.html", {
        "org": org, "year": year, "page": page, "rows": [(offset + n, s) for n, s in enumerate(page, start=1)],
        "selected": selected, "average": average, "radar": radar(series), "query": urlencode(query),
        "ancestors": org_ancestors(org=org, user=request.user) + [org],
        "strengths": Strength.choices, "standard": selectors.standard_for(org),
        "can_edit_indicators": selectors.can_edit_indicators(request.user),
    })


@login_required
def ranking_export(request, code: str):
    org = selectors.org_for_user(user=request.user, code=code)
    year = YearForm(request.GET or None).year_or_default()
    scores = selectors.ranking(selectors.scores_for_scope(org=org, year=year))
    body = exports.ranking_workbook(org=org, year=year, scores=scores)
    return _attachment(body, XLSX, f"{org.name}_{year}年度七个有力排名.xlsx", f"strengths-{org.code}-{year}.xlsx")


def _branch_context(request, branch: Org, year: int) -> dict:
    score = selectors.branch_score(org=branch, year=year)
    plan = selectors.plan_for(org=branch, year=year)
    standard = selectors.standard_for(branch)
    bench = benchmark.evaluate(standard=standard, root=branch, year=year, scores=[score])[0] if standard else None
    return {"score": score, "plan": plan, "plan_rows": selectors.plan_results(plan, score) if plan else [],
            "standard": standard, "bench": bench}


@login_required
def branch_detail(request, code: str):
    branch = selectors.branch_for_user(user=request.user, code=code)
    year = YearForm(request.GET or None).year_or_default()
    ctx = _branch_context(request, branch, year)
    can_adjust = selectors.can_adjust(request.user, branch)
    form = discipline_form = None
    if can_adjust:
        records = evidence.records_for(branch.path, limit=40)[:120]
        form = AdjustmentForm(indicators=ctx["score"].indicators, records=records)
        discipline_form = DisciplineForm()
    return render(request, "strengths/branch.html", {
        **ctx, "org": branch, "year": year, "years": [year - 2, year - 1, year, year + 1],
        "radar": radar([(branch.display_name, ctx["score"].by_strength)]),
        "ancestors": org_ancestors(org=branch, user=request.user) + [branch],
        "can_adjust": can_adjust, "can_edit_plan": selectors.can_edit_plan(request.user, branch),
        "adjust_form": form, "discipline_form": discipline_form,
        "discipline": list(selectors.discipline_records(org=branch)[:10]) if can_adjust or can_manage(
            request.user, branch.path) else None,
    })


@login_required
def report_export(request, code: str):
    branch = selectors.branch_for_user(user=request.user, code=code)
    year = YearForm(request.GET or None).year_or_default()
    ctx = _branch_context(request, branch, year)
    body = exports.report_docx(score=ctx["score"], plan=ctx["plan"], plan_rows=ctx["plan_rows"], benchmark=ctx["bench"])
    return _attachment(body, DOCX, f"{branch.name}_{year}年度七个有力评估报告.docx", f"strengths-{branch.code}-{year}.docx")


@login_required
def drill(request, code: str, indicator: str):
    """The organisations whose records make up one indicator's number: the branch and its groups."""
    branch = selectors.branch_for_user(user=request.user, code=code)
    ind = Indicator.objects.filter(code=indicator).first()
    if ind is None:
        raise Http404("没有找到该指标")
    year = YearForm(request.GET or None).year_or_default()
    start, end = year_bounds(year)
    orgs = list(Org.objects.filter(subtree_q("path", branch.path)).order_by("path"))
    columns = []
    for metric_code in ind.metric_codes:
        m = metrics.get(metric_code)
        columns.append({"code": metric_code, "label": m.label if m else metric_code, "unit": m.unit if m else "",
                        "registered": m is not None,
                        "values": metrics.values(metric_code, under=branch.path, start=start, end=end)})
    rows = []
    for o in orgs:
        cells = []
        for c in columns:
            m = metrics.get(c["code"])
            url = m.records_url(org=o, start=start, end=end) if m and m.records_url else ""
            cells.append({"value": c["values"].get(o.pk, 0), "url": url})
        rows.append({"org": o, "cells": cells})
    totals = [sum(c["values"].get(o.pk, 0) for o in orgs) for c in columns]
    return render(request, "strengths/drill.html", {
        "org": branch, "indicator": ind, "year": year, "columns": columns, "rows": rows, "totals": totals,
        "ancestors": org_ancestors(org=branch, user=request.user) + [branch],
    })
