"""Majors (with their levels and the branches built on them) and the registry of external units."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.core.forms import apply_validation_error as apply_errors
from zhibu.orgs import selectors as org_selectors

from . import selectors, services
from .forms import UNIT_OPTIONS, BranchLinkForm, LevelForm, MajorForm, UnitForm
from .models import ExternalUnit


@login_required
def major_list(request):
    org = org_selectors.org_get_for_user(user=request.user, code=request.GET["org"]) if request.GET.get("org") else None
    majors = selectors.major_list_for_user(user=request.user, org=org, q=request.GET.get("q", "").strip() or None)
    return render(request, "cobuild/major_list.html", {
        "org": org, "page": Paginator(majors, 30).get_page(request.GET.get("page")), "q": request.GET.get("q", ""),
        "can_create": org is not None and org_selectors.can_manage(request.user, org.path)
        and org.kind in ("committee", "general_branch"),
    })


@login_required
def major_create(request, code: str):
    school = org_selectors.org_get_for_user(user=request.user, code=code)
    if not org_selectors.can_manage(request.user, school.path):
        raise PermissionDenied("您在该组织只有查看权限")
    form = MajorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            major = services.major_create(by=request.user, school=school, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记专业“{major.name}”")
            return redirect(major)
    return render(request, "cobuild/major_form.html", {"form": form, "school": school})


@login_required
def major_detail(request, major_id: int):
    major = selectors.major_get_for_user(user=request.user, major_id=major_id)
    can_manage = org_selectors.can_manage(request.user, major.org_path)
    form = LevelForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("您在该专业只有查看权限")
        if form.is_valid():
            try:
                services.major_level_add(by=request.user, major=major, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "已添加专业建设层次")
                return redirect(major)
    branches = selectors.major_branches(major=major)
    scope = org_selectors.scope_for_user(request.user)
    return render(request, "cobuild/major_detail.html", {
        "major": major, "levels": list(major.levels.all()), "form": form, "can_manage": can_manage,
        "branches": branches,
        "linkable": [o for o in org_selectors.org_list_for_user(user=request.user, kind="branch")
                     .filter(path__startswith=major.org_path)[:200]
                     if scope.grants_full(o.path) and o not in branches],
        "partnerships": list(major.partnerships.select_related("org")),
    })


@login_required
@require_POST
def major_link_branch(request, major_id: int):
    major = selectors.major_get_for_user(user=request.user, major_id=major_id)
    form = BranchLinkForm(request.POST)
    if form.is_valid():
        branch = org_selectors.org_get_for_user(user=request.user, code=form.cleaned_data["branch"])
        if not org_selectors.can_manage(request.user, branch.path):
            raise PermissionDenied("您在该组织只有查看权限")
        try:
            services.branch_major_link(by=request.user, branch=branch, major=major)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已登记“{branch.name}”建在{major.name}专业上")
    return redirect(major)


@login_required
def unit_list(request):
    scope = org_selectors.scope_for_user(request.user)
    if scope.is_empty:
        raise PermissionDenied("您没有可以查看的组织")
    kind = request.GET.get("kind") or None
    units = selectors.unit_list_for_user(user=request.user, q=request.GET.get("q", "").strip() or None, kind=kind)
    return render(request, "cobuild/unit_list.html", {
        "page": Paginator(units.order_by("name", "id"), 30).get_page(request.GET.get("page")),
        "q": request.GET.get("q", ""), "kind": kind or "", "kinds": ExternalUnit.Kind.choices,
        "can_register": scope.everything or bool(scope.full_paths),
    })


@login_required
def unit_options(request):
    """The partnership form's search box: the first units whose name or credit code matches."""
    q = (request.GET.get("external_unit") or request.GET.get("q") or "").strip()
    units = selectors.unit_list_for_user(user=request.user, q=q or None, kind=None).order_by("name", "id")
    return render(request, "cobuild/_unit_options.html", {"units": units[:UNIT_OPTIONS]})


@login_required
def unit_create(request):
    scope = org_selectors.scope_for_user(request.user)
    if not (scope.everything or scope.full_paths):
        raise PermissionDenied("您没有登记校外单位的权限")
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_register(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记“{unit.name}”")
            nxt = request.GET.get("next", "")
            return redirect(nxt if nxt.startswith("/") and not nxt.startswith("//") else unit.get_absolute_url())
    return render(request, "cobuild/unit_form.html", {"form": form})


@login_required
def unit_detail(request, unit_id: int):
    unit = selectors.unit_get_for_user(user=request.user, unit_id=unit_id)
    partnerships = selectors.partnership_list_for_user(user=request.user).filter(external_unit=unit)
    return render(request, "cobuild/unit_detail.html", {"unit": unit, "partnerships": list(partnerships[:50])})
