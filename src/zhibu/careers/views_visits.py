"""Employers (the careers profile of external units) and enterprise visits (访企拓岗) with their follow-ups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.cobuild import services as cobuild_services
from zhibu.cobuild.models import ExternalUnit
from zhibu.core.audit import history_for
from zhibu.core.forms import apply_validation_error
from zhibu.orgs import selectors as org_selectors

from . import selectors, services
from .forms import ContactForm, EmployerFilterForm, EmployerForm, FollowUpForm, VisitFilterForm, VisitForm
from .views import PAGE_SIZE, can_write, org_from_request, require_manage, require_manage_somewhere


@login_required
def employer_list(request):
    form = EmployerFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    qs = selectors.employer_list_for_user(user=request.user, q=data.get("q"), industry=data.get("industry"),
                                          partner_status=data.get("partner_status"))
    return render(request, "careers/employer_list.html", {
        "form": form, "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_write": can_write(request.user),
    })


@login_required
def employer_create(request):
    require_manage_somewhere(request.user)
    form = EmployerForm(request.POST or None, user=request.user, initial={"industry": "logistics"})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                unit = d["unit"] or cobuild_services.unit_register(
                    by=request.user, name=d["name"], credit_code=d["credit_code"], kind=ExternalUnit.Kind.ENTERPRISE,
                    city=d["city"], has_party_branch=d["has_party_branch"], party_branch_name=d["party_branch_name"])
                employer = services.employer_create(by=request.user, org=d["org"], unit=unit, industry=d["industry"],
                                                    size=d["size"], partner_status=d["partner_status"], note=d["note"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已登记用人单位“{employer.unit.name}”")
            return redirect(employer)
    return render(request, "careers/employer_form.html", {"form": form})


@login_required
def employer_detail(request, employer_id: int):
    employer = selectors.employer_get_for_user(user=request.user, employer_id=employer_id)
    contact_form = ContactForm(request.POST or None)
    if request.method == "POST":
        require_manage_somewhere(request.user)
        if contact_form.is_valid():
            try:
                services.employer_contact_add(by=request.user, employer=employer, **contact_form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(contact_form, exc)
            else:
                messages.success(request, "已添加联系人")
                return redirect(employer)
    return render(request, "careers/employer_detail.html", {
        "employer": employer, "contacts": selectors.employer_contacts(user=request.user, employer=employer),
        "visits": list(selectors.visit_list_for_user(user=request.user, employer_id=employer.pk)[:20]),
        "jobs": list(selectors.job_list_for_user(user=request.user, employer_id=employer.pk)[:20]),
        "contact_form": contact_form, "can_write": can_write(request.user),
        "history": list(history_for(employer)[:20]),
    })


@login_required
def visit_list(request):
    form = VisitFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    org = org_from_request(request)
    qs = selectors.visit_list_for_user(user=request.user, org=org, year=data.get("year"))
    return render(request, "careers/visit_list.html", {
        "form": form, "org": org, "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_write": can_write(request.user),
    })


@login_required
def visit_create(request):
    require_manage_somewhere(request.user)
    initial = {"employer": request.GET.get("employer")}
    form = VisitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        follow = [(d.pop("follow_up"), d.pop("follow_up_due"))]
        follow = [f for f in follow if f[0]]
        try:
            visit = services.visit_create(by=request.user, visitors=list(d.pop("visitors")), follow_ups=follow, **d)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已登记走访“{visit.employer.unit.name}”")
            return redirect(visit)
    return render(request, "careers/visit_form.html", {"form": form})


@login_required
def visit_detail(request, visit_id: int):
    visit = selectors.visit_get_for_user(user=request.user, visit_id=visit_id)
    manage = org_selectors.can_manage(request.user, visit.org_path)
    return render(request, "careers/visit_detail.html", {
        "visit": visit, "follow_ups": selectors.visit_follow_ups(visit=visit), "can_manage": manage,
        "follow_up_form": FollowUpForm(user=request.user) if manage else None,
        "jobs": list(visit.jobs.all()), "history": list(history_for(visit)[:20]),
    })


@login_required
@require_POST
def follow_up_add(request, visit_id: int):
    visit = selectors.visit_get_for_user(user=request.user, visit_id=visit_id)
    require_manage(request.user, visit.org_path)
    form = FollowUpForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.follow_up_add(by=request.user, visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            form = FollowUpForm(user=request.user)
    ctx = {"visit": visit, "follow_ups": selectors.visit_follow_ups(visit=visit), "can_manage": True,
           "follow_up_form": form}
    if request.headers.get("HX-Request"):
        return render(request, "careers/_follow_ups.html", ctx)
    if form.errors:
        messages.error(request, "；".join(m for msgs in form.errors.values() for m in msgs))
    return redirect(visit)


@login_required
@require_POST
def follow_up_done(request, follow_up_id: int):
    f = selectors.follow_up_get_for_user(user=request.user, follow_up_id=follow_up_id)
    require_manage(request.user, f.org_path)
    services.follow_up_complete(by=request.user, follow_up=f)
    visit = f.visit
    if request.headers.get("HX-Request"):
        return render(request, "careers/_follow_ups.html", {
            "visit": visit, "follow_ups": selectors.visit_follow_ups(visit=visit), "can_manage": True,
            "follow_up_form": FollowUpForm(user=request.user)})
    return redirect(visit)
