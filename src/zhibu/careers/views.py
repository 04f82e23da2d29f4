"""Careers home, yearly visit targets and the last-mile board. Employers and visits are in views_visits, job
posts and recommendations in views_jobs, graduates and the import in views_graduates."""

import functools
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhibu.core.forms import apply_validation_error
from zhibu.orgs import selectors as org_selectors

from . import selectors_reports as reports
from . import services
from .forms import TargetForm
from .selectors import is_graduate_only

PAGE_SIZE = 30


def org_from_request(request):
    """The organisation named by ?org=CODE (404 outside scope), or None: the whole scope."""
    code = (request.GET.get("org") or "").strip()
    return org_selectors.org_get_for_user(user=request.user, code=code) if code else None


def require_manage_somewhere(user) -> None:
    scope = org_selectors.scope_for_user(user)
    if not (scope.everything or scope.full_paths):
        raise PermissionDenied("您只有查看权限")


def require_manage(user, path: str) -> None:
    if not org_selectors.can_manage(user, path):
        raise PermissionDenied("您在该组织只有查看权限")


def can_write(user) -> bool:
    scope = org_selectors.scope_for_user(user)
    return scope.everything or bool(scope.full_paths)


@login_required
def index(request):
    org = org_from_request(request)
    scope = org_selectors.scope_for_user(request.user)
    if scope.is_empty:
        raise PermissionDenied("您还没有任何组织的角色")
    return render(request, "careers/index.html", {
        "org": org, "overview": reports.careers_overview(user=request.user, org=org),
        "targets": reports.target_progress(user=request.user, org=org),
        "follow_ups": reports.follow_ups_due(user=request.user, org=org),
        "roles": list(org_selectors.user_roles(request.user)[:12]),
        "can_write": can_write(request.user), "today": timezone.localdate(),
        "target_form": TargetForm(user=request.user) if can_write(request.user) else None,
    })


@login_required
@require_POST
def target_set(request):
    require_manage_somewhere(request.user)
    form = TargetForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            t = services.target_set(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已设置{t.org.name}{t.year}年走访目标：{t.employers}家")
            return redirect("careers:index")
    messages.error(request, "；".join(m for msgs in form.errors.values() for m in msgs))
    return redirect("careers:index")


@login_required
def last_mile(request):
    org = org_from_request(request)
    stale_only = request.GET.get("stale") == "1"
    qs = reports.last_mile_list(user=request.user, org=org, stale_only=stale_only)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    reports.annotate_last_mile(page.object_list)
    rates = reports.destination_rates(user=request.user, org=org)
    return render(request, "careers/last_mile.html", {
        "org": org, "page": page, "stale_only": stale_only, "rates": rates,
        "chart_json": json.dumps(rates["chart"], ensure_ascii=False),
        "stale_days": reports.STALE_DAYS, "can_write": can_write(request.user),
    })


def not_for_graduates(view):
    """A graduate's own login (no role anywhere) has nothing of the school's to see here: GET goes to
    我的毕业寄, anything else is a 404."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_graduate_only(request.user):
            if request.method in ("GET", "HEAD"):
                return redirect("gradmail:mine")
            raise Http404("没有找到该页面")
        return view(request, *args, **kwargs)

    return wrapped
