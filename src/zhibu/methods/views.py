"""Work-method pages: the workbench, a method's formula card, the method form with "paste a sentence".
Case pages are in views_cases, lifecycle steps in views_flow, the public library in views_public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.core.audit import history_for
from zhibu.core.forms import apply_validation_error
from zhibu.orgs import selectors as org_selectors

from . import roles, selectors, services
from .forms import CaseFilterForm, FormulaForm, MethodForm, pillar_rows_for_form, pillars_from_post
from .formula import FormulaError, parse_formula
from .services import PillarRow


def _require_author(user, branch) -> None:
    if roles.as_author(user, branch) is None:
        raise PermissionDenied("只有本支部的书记、支委或组织管理员可以编辑")


@login_required
def workbench(request):
    form = CaseFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    under = org_selectors.org_get_for_user(user=request.user, code=data["org"]) if data.get("org") else None
    cases = selectors.case_list_for_user(user=request.user, status=data.get("status"), q=data.get("q"), under=under)
    return render(request, "methods/workbench.html", {
        "form": form, "under": under,
        "page": Paginator(cases, 20).get_page(request.GET.get("page")),
        "methods": list(selectors.method_list_for_user(user=request.user)[:30]),
        "counts": selectors.status_counts(user=request.user, under=under),
        "branches": selectors.branches_for_author(user=request.user),
    })


@login_required
def method_detail(request, method_id: int):
    method = selectors.method_get_for_user(user=request.user, method_id=method_id)
    return render(request, "methods/method_detail.html", {
        "method": method,
        "ancestors": org_selectors.org_ancestors(org=method.branch, user=request.user) + [method.branch],
        "cases": selectors.case_list_for_user(user=request.user).filter(method=method)[:50],
        "can_edit": roles.as_author(request.user, method.branch) is not None,
        "history": history_for(method)[:30],
    })


def _method_form(request, *, branch, method=None):
    form = MethodForm.for_method(method, request.POST or None) if method else MethodForm(request.POST or None)
    rows = services.method_pillar_rows(method) if method else []
    row_errors: list[str] = []
    if request.method == "POST":
        rows, row_errors = pillars_from_post(request.POST)
        if form.is_valid() and not row_errors:
            data = form.cleaned_data
            try:
                if method is None:
                    method = services.method_create(by=request.user, branch=branch, pillars=rows, **data)
                else:
                    services.method_update(by=request.user, method=method, pillars=rows, **data)
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
                row_errors += errors.pop("pillars", [])
                apply_validation_error(form, ValidationError(errors) if errors else ValidationError([]))
            else:
                messages.success(request, f"已保存{method.display_name}")
                return redirect(method)
    return render(request, "methods/method_form.html", {
        "form": form, "method": method, "branch": branch, "formula_form": FormulaForm(),
        "rows": pillar_rows_for_form(rows, extra=1 if rows else 3), "row_errors": row_errors,
        "ancestors": org_selectors.org_ancestors(org=branch, user=request.user) + [branch],
    })


@login_required
def method_create(request):
    code = request.GET.get("org") or request.POST.get("org")
    branches = selectors.branches_for_author(user=request.user)
    if code:
        branch = org_selectors.org_get_for_user(user=request.user, code=code)
    elif len(branches) == 1:
        branch = branches[0]
    else:
        return render(request, "methods/choose_branch.html", {"branches": branches, "next": "methods:method_create"})
    _require_author(request.user, branch)
    return _method_form(request, branch=branch)


@login_required
def method_edit(request, method_id: int):
    method = selectors.method_get_for_user(user=request.user, method_id=method_id)
    _require_author(request.user, method.branch)
    return _method_form(request, branch=method.branch, method=method)


@login_required
@require_POST
def formula_parse(request):
    """htmx: a pasted sentence → the pillar rows (and name, approach, practices, goals) for confirmation."""
    form = FormulaForm(request.POST)
    if not form.is_valid():
        return render(request, "methods/_formula_result.html", {"error": "请先粘贴工作法的表述"})
    try:
        formula = parse_formula(form.cleaned_data["text"])
    except FormulaError as exc:
        return render(request, "methods/_formula_result.html", {"error": str(exc)})
    rows = [PillarRow(label=p.label, count=p.count, measure=p.measure, items=tuple(p.items))
            for p in formula.pillars]
    return render(request, "methods/_formula_result.html", {
        "formula": formula, "rows": pillar_rows_for_form(rows, extra=1),
        "missing_items": any(not p.items for p in formula.pillars),
    })


@login_required
def method_history(request, method_id: int):
    method = selectors.method_get_for_user(user=request.user, method_id=method_id)
    return render(request, "methods/history.html", {
        "object": method, "back": method.get_absolute_url(),
        "page": Paginator(history_for(method), 50).get_page(request.GET.get("page")),
    })


@login_required
@require_POST
def method_delete(request, method_id: int):
    method = selectors.method_get_for_user(user=request.user, method_id=method_id)
    _require_author(request.user, method.branch)
    try:
        services.method_delete(by=request.user, method=method)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(method)
    messages.success(request, f"已删除{method.display_name}")
    return redirect("methods:workbench")
