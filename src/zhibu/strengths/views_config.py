"""Configuration as data: the indicator table (targets, weights, citations; weights must add up to 100)
with its history, and a committee's 样板支部 standard with the branches closest to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from zhibu.core.forms import apply_validation_error
from zhibu.core.models import AuditEntry
from zhibu.orgs.models import Org
from zhibu.orgs.selectors import org_ancestors

from . import benchmark, selectors, services
from .forms import StandardForm, YearForm
from .models import BenchmarkStandard, Indicator, Strength

PER_PAGE = 50


@login_required
def indicator_list(request):
    indicators = list(selectors.indicator_list())
    can_edit = selectors.can_edit_indicators(request.user)
    errors: dict[str, list[str]] = {}
    posted = {}
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("只有系统管理员可以修改评估指标")
        rows = {}
        for i in indicators:
            rows[i.code] = {
                "target": request.POST.get(f"{i.code}-target", ""), "weight": request.POST.get(f"{i.code}-weight", ""),
                "citation": request.POST.get(f"{i.code}-citation", ""),
                "enabled": request.POST.get(f"{i.code}-enabled") == "on",
            }
        posted = rows
        try:
            changed = services.indicators_update(by=request.user, rows=rows)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, f"已保存，修改了{len(changed)}项指标" if changed else "没有需要保存的修改")
            return redirect("strengths:indicators")
    table = []
    for i in indicators:
        typed = posted.get(i.code, {})
        table.append({"ind": i, "target": typed.get("target", f"{i.target.normalize():f}"),
                      "weight": typed.get("weight", f"{i.weight.normalize():f}"),
                      "citation": typed.get("citation", i.citation), "enabled": typed.get("enabled", i.enabled),
                      "errors": [m for k, v in errors.items() if k.startswith(f"{i.code}-") for m in v]})
    total = sum(i.weight for i in indicators if i.enabled)
    return render(request, "strengths/indicators.html", {
        "table": table, "can_edit": can_edit, "weight_error": errors.get("weight", []), "total": total,
        "strengths": dict(Strength.choices),
    })


@login_required
def indicator_history(request):
    ct = ContentType.objects.get_for_model(Indicator)
    entries = AuditEntry.objects.filter(content_type=ct).select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "strengths/indicator_history.html", {"page": page})


def _committee(request, code: str) -> Org:
    org = selectors.org_for_user(user=request.user, code=code)
    if org.kind == Org.Kind.BRANCH:
        raise Http404("样板支部标准由党委或党总支设置")
    return org


@login_required
def benchmark_view(request, code: str):
    org = _committee(request, code)
    year = YearForm(request.GET or None).year_or_default()
    standard = selectors.standard_for(org)
    page = None
    meets = 0
    if standard is not None:
        scores = selectors.scores_for_scope(org=org, year=year)
        results = benchmark.closest(benchmark.evaluate(standard=standard, root=org, year=year, scores=scores))
        meets = sum(1 for r in results if r.meets)
        page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "strengths/benchmark.html", {
        "org": org, "year": year, "standard": standard, "page": page, "meets": meets,
        "can_edit": selectors.can_edit_standard(request.user, org),
        "ancestors": org_ancestors(org=org, user=request.user) + [org],
    })


@login_required
def standard_edit(request, code: str):
    org = _committee(request, code)
    if not selectors.can_edit_standard(request.user, org):
        raise PermissionDenied("只有该组织的管理员可以设置样板支部标准")
    std = BenchmarkStandard.objects.filter(org=org).prefetch_related("thresholds__indicator").first()
    initial = {}
    current = {}
    if std is not None:
        initial = {"name": std.name, "min_total": std.min_total, "honour_years": std.honour_years,
                   "honour_min": std.honour_min, "honour_levels": std.honour_levels,
                   "require_clean_record": std.require_clean_record}
        current = {t.indicator.code: f"{t.min_value.normalize():f}" for t in std.thresholds.all()}
    form = StandardForm(request.POST or None, initial=initial or None)
    indicators = selectors.indicators_enabled()
    typed = {i.code: request.POST.get(f"threshold-{i.code}", "").strip() for i in indicators} \
        if request.method == "POST" else current
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_save(by=request.user, org=org, thresholds=typed, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已保存样板支部标准")
            return redirect("strengths:benchmark", code=org.code)
    return render(request, "strengths/standard_form.html", {
        "org": org, "form": form, "standard": std,
        "rows": [(i, typed.get(i.code, "")) for i in indicators],
        "ancestors": org_ancestors(org=org, user=request.user) + [org],
    })
