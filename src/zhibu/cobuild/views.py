"""Co-building pages: the overview of a branch's three mechanisms, partnerships with their timeline,
joint activities and outcomes. Thin: a form, one selector or service call, render. Majors and external
units are in views_registry."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.core.audit import history_for
from zhibu.core.forms import apply_validation_error as apply_errors
from zhibu.meetings.selectors import host_members
from zhibu.orgs import selectors as org_selectors

from . import selectors, services
from .forms import (
    UNIT_OPTIONS,
    ActivityForm,
    DeleteForm,
    OutcomeForm,
    PartnershipEditForm,
    PartnershipFilterForm,
    PartnershipForm,
    contact_lines,
    contacts_from_post,
)
from .models import Partnership
from .services import ContactRow

PAGE_SIZE = 30
EDIT_FIELDS = ("title", "external_branch_name", "starts_on", "ends_on", "goals")


def _require_manage(user, path: str) -> None:
    if not org_selectors.can_manage(user, path):
        raise PermissionDenied("您在该组织只有查看权限")


def _require_write(user, partnership: Partnership) -> None:
    if not selectors.can_write_partnership(user, partnership):
        raise PermissionDenied("您在该共建只有查看权限")


@login_required
def cobuild_home(request):
    form = PartnershipFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    org = org_selectors.org_get_for_user(user=request.user, code=data["org"]) if data.get("org") else None
    qs = selectors.partnership_list_for_user(user=request.user, org=org, kind=data.get("kind"), q=data.get("q"))
    return render(request, "cobuild/home.html", {
        "form": form, "org": org, "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "roles": list(org_selectors.user_roles(request.user)[:12]),
    })


@login_required
def org_overview(request, code: str):
    org = org_selectors.org_get_for_user(user=request.user, code=code)
    overview = selectors.cobuild_overview(user=request.user, org=org)
    return render(request, "cobuild/overview.html", {
        "org": org, "overview": overview,
        "ancestors": org_selectors.org_ancestors(org=org, user=request.user),
        "partnerships": selectors.recent_partnerships(user=request.user, org=org),
        "majors": list(selectors.major_list_for_user(user=request.user, org=org)[:20]),
        "can_manage": org_selectors.can_manage(request.user, org.path) and org.kind in ("branch", "general_branch"),
    })


@login_required
def partnership_create(request, code: str):
    org = org_selectors.org_get_for_user(user=request.user, code=code)
    _require_manage(request.user, org.path)
    posted = request.method == "POST"
    form = PartnershipForm(
        request.POST if posted else None, request.FILES if posted else None,
        initial={"kind": request.GET.get("kind")},
        majors=selectors.major_choices_for_branch(branch=org),
        partners=selectors.student_branch_choices(user=request.user, branch=org).exclude(pk=org.pk),
        units=selectors.unit_choices(),
    )
    contacts = contacts_from_post(request.POST) if posted else []
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        agreement = data.pop("agreement")
        kind = data.pop("kind")
        try:
            p = services.partnership_create(by=request.user, org=org, kind=kind, agreement=agreement,
                                            contacts=contacts, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记“{p.title}”")
            return redirect(p)
    return render(request, "cobuild/partnership_form.html", {
        "form": form, "org": org, "contacts": contact_lines(contacts),
        "unit_options": selectors.unit_choices()[:UNIT_OPTIONS],
        "ancestors": org_selectors.org_ancestors(org=org, user=request.user) + [org],
    })


@login_required
def partnership_edit(request, partnership_id: int):
    p = selectors.partnership_get_for_user(user=request.user, partnership_id=partnership_id)
    _require_manage(request.user, p.org_path)
    posted = request.method == "POST"
    external = p.kind == Partnership.Kind.CAMPUS_EXTERNAL
    form = PartnershipEditForm(request.POST if posted else None, request.FILES if posted else None, external=external,
                               initial={f: getattr(p, f) for f in EDIT_FIELDS})
    contacts = contacts_from_post(request.POST) if posted else [
        ContactRow(side=c.side, name=c.name, title=c.title, phone=c.phone) for c in selectors.partnership_contacts(
            partnership=p)]
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.partnership_update(by=request.user, partnership=p, contacts=contacts, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存“{data['title']}”")
            return redirect(p)
    return render(request, "cobuild/partnership_form.html", {
        "form": form, "org": p.org, "p": p, "contacts": contact_lines(contacts),
        "ancestors": org_selectors.org_ancestors(org=p.org, user=request.user) + [p.org],
    })


@login_required
def partnership_detail(request, partnership_id: int):
    p = selectors.partnership_get_for_user(user=request.user, partnership_id=partnership_id, include_deleted=True)
    show_personal = org_selectors.can_see_personal(request.user, p.org_path)
    return render(request, "cobuild/partnership_detail.html", {
        "p": p, "timeline": selectors.partnership_timeline(partnership=p),
        "outcomes": selectors.outcome_list(partnership=p),
        "contacts": selectors.partnership_contacts(partnership=p), "show_personal": show_personal,
        "can_write": selectors.can_write_partnership(request.user, p),
        "can_manage": org_selectors.can_manage(request.user, p.org_path),
        "history": list(history_for(p)[:30]),
        "ancestors": org_selectors.org_ancestors(org=p.org, user=request.user) + [p.org],
    })


@login_required
def partnership_delete(request, partnership_id: int):
    p = selectors.partnership_get_for_user(user=request.user, partnership_id=partnership_id)
    _require_manage(request.user, p.org_path)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.partnership_delete(by=request.user, partnership=p, reason=form.cleaned_data["reason"])
        messages.success(request, f"已删除“{p.title}”")
        return redirect("cobuild:org_overview", code=p.org.code)
    return render(request, "cobuild/partnership_delete.html", {"p": p, "form": form})


@login_required
def activity_create(request, partnership_id: int):
    p = selectors.partnership_get_for_user(user=request.user, partnership_id=partnership_id)
    _require_write(request.user, p)
    host = p.org if org_selectors.can_manage(request.user, p.org_path) else p.partner_org
    members = host_members(host).order_by("name", "pk")
    form = ActivityForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_record(
                by=request.user, partnership=p, title=data["title"], starts_at=data["starts_at"],
                ends_at=data["ends_at"], place=data["place"], topic=data["topic"], minutes=data["minutes"],
                attendance=[m.pk for m in data["attendance"]], partner_participants=form.participants(),
                partner_count=data["partner_count"],
            )
        except ValidationError as exc:
            apply_errors(form, exc, renames={"partner": "partner_count"})
        else:
            messages.success(request, "共建活动已登记")
            return redirect(p)
    return render(request, "cobuild/activity_form.html", {"form": form, "p": p, "host": host})


@login_required
def outcome_create(request, partnership_id: int):
    p = selectors.partnership_get_for_user(user=request.user, partnership_id=partnership_id)
    _require_write(request.user, p)
    posted = request.method == "POST"
    form = OutcomeForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        evidence = data.pop("evidence_file")
        try:
            services.outcome_record(by=request.user, partnership=p, evidence=evidence, **data)
        except ValidationError as exc:
            apply_errors(form, exc, renames={"evidence": "evidence_file"})
        else:
            messages.success(request, "共建成果已登记")
            return redirect(p)
    return render(request, "cobuild/outcome_form.html", {"form": form, "p": p})


@login_required
@require_POST
def outcome_delete(request, outcome_id: int):
    o = selectors.outcome_get_for_user(user=request.user, outcome_id=outcome_id)
    _require_write(request.user, o.partnership)
    services.outcome_delete(by=request.user, outcome=o)
    messages.success(request, f"已删除成果“{o.title}”")
    return redirect(o.partnership)


@login_required
def stored_file(request, partnership_id: int, file_id: int):
    f = selectors.stored_file_for(user=request.user, partnership_id=partnership_id, file_id=file_id)
    response = FileResponse(f.file.open("rb"), content_type=f.content_type, as_attachment=True,
                            filename=f.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
