"""Registrations: the list of a campaign (with why some could not be assigned), the form for staff and for the
graduate themself, a registration's page with packing, and "我的毕业寄"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.careers import selectors as careers_selectors
from zhibu.core.audit import history_for
from zhibu.core.forms import apply_validation_error as apply_errors

from . import selectors, services, services_parcels
from .forms import PackForm, ParcelStatusForm, RegistrationFilterForm, RegistrationForm

PAGE_SIZE = 50


@login_required
def registration_list(request, campaign_id: int):
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    form = RegistrationFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    qs = selectors.registration_list_for_user(user=request.user, campaign=campaign, status=data.get("status"),
                                              building=data.get("building"), q=data.get("q"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_personal(request.user, page.object_list, campaign=campaign)
    return render(request, "gradmail/registration_list.html", {
        "campaign": campaign, "form": form, "page": page,
        "can_manage": selectors.can_manage_campaign(request.user, campaign),
    })


def _find_graduate(user, campaign, number: str):
    """The graduate with this student number that the user may register: in their scope (or themself)."""
    own = careers_selectors.graduate_for_login(user)
    if own is not None and own.student_number == number:
        return own
    return careers_selectors.graduate_list_for_user(user=user).filter(student_number=number).first()


@login_required
def registration_create(request, campaign_id: int):
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    graduate_self = careers_selectors.graduate_for_login(request.user)
    scope = selectors.scope_for_user(request.user)
    staff = selectors.can_manage_campaign(request.user, campaign) or scope.everything or bool(scope.full_paths)
    own = graduate_self is not None and (request.GET.get("own") == "1" or not staff)
    if not own and not staff:
        raise PermissionDenied("您没有权限为毕业生登记")
    initial = {"preferred_from": campaign.starts_on, "preferred_to": campaign.ends_on}
    if own:
        initial.update(recipient=graduate_self.name, phone=graduate_self.phone)
    buildings = selectors.campaign_buildings(campaign=campaign)
    form = RegistrationForm(request.POST or None, own=own, initial=initial, buildings=buildings)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if own:
            graduate = graduate_self
        else:
            number = data.pop("student_number").strip()
            graduate = _find_graduate(request.user, campaign, number)
            if graduate is None:
                form.add_error("student_number", f"在您的管理范围内没有找到学号为{number}的毕业生")
        if not form.errors:
            try:
                reg = services.registration_create(by=request.user, campaign=campaign, graduate=graduate, **data)
            except ValidationError as exc:
                apply_errors(form, exc, renames={"graduate": "student_number"})
            else:
                messages.success(request, f"已登记：{graduate.name}，{reg.building}{reg.room}")
                return redirect("gradmail:mine" if own else reg.get_absolute_url())
    return render(request, "gradmail/registration_form.html", {
        "campaign": campaign, "form": form, "own": own, "graduate": graduate_self if own else None,
        "buildings": buildings,
    })


@login_required
def registration_detail(request, registration_id: int):
    reg = selectors.registration_get_for_user(user=request.user, registration_id=registration_id)
    selectors.with_personal(request.user, [reg], campaign=reg.campaign)
    can_handle = selectors.can_handle_campaign(request.user, reg.campaign)
    parcels = selectors.registration_parcels(registration=reg)
    for p in parcels:
        p.registration = reg
    return render(request, "gradmail/registration_detail.html", {
        "reg": reg, "campaign": reg.campaign, "parcels": parcels,
        "can_edit": reg.status == "registered" and services.can_register_for(request.user, reg.campaign, reg.graduate)
        or reg.status == "assigned" and services.is_staff_for(request.user, reg.campaign, reg.graduate),
        "can_handle": can_handle, "can_cancel": services.can_register_for(request.user, reg.campaign, reg.graduate)
        and reg.status in ("registered", "assigned"), "pack_form": PackForm(initial={"count": reg.parcels_estimated,
                                                                 "courier": reg.courier or "sf"}),
        "status_form": ParcelStatusForm(), "history": list(history_for(reg)[:20]) if reg.personal_open else [],
    })


@login_required
@require_POST
def registration_pack(request, registration_id: int):
    reg = selectors.registration_get_for_user(user=request.user, registration_id=registration_id)
    form = PackForm(request.POST)
    if form.is_valid():
        weights = form.weight_list()
        rows = [services_parcels.ParcelRow(courier=form.cleaned_data["courier"],
                                           weight_kg=weights[i] if i < len(weights) else None)
                for i in range(form.cleaned_data["count"])]
        try:
            services_parcels.registration_pack(by=request.user, registration=reg, parcels=rows)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, f"已打包{len(rows)}件")
    else:
        for errors in form.errors.values():
            for m in errors:
                messages.error(request, m)
    return redirect(reg)


@login_required
@require_POST
def registration_cancel(request, registration_id: int):
    reg = selectors.registration_get_for_user(user=request.user, registration_id=registration_id)
    try:
        services.registration_cancel(by=request.user, registration=reg, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect(reg)
    messages.success(request, f"已撤销{reg.graduate.name}的登记")
    if reg.graduate.user_id == request.user.pk:
        return redirect("gradmail:mine")
    return redirect("gradmail:registration_list", campaign_id=reg.campaign_id)


@login_required
def mine(request):
    """我的毕业寄: the logged-in graduate's registrations and where each parcel is."""
    graduate = careers_selectors.graduate_for_login(request.user)
    regs = selectors.my_registrations(user=request.user)
    open_campaigns = []
    if graduate is not None:
        done = {r.campaign_id for r in regs}
        open_campaigns = [c for c in selectors.campaign_list_for_user(user=request.user, year=graduate.class_year)
                          if c.pk not in done and graduate.org_path.startswith(c.org_path)]
    return render(request, "gradmail/mine.html", {"graduate": graduate, "registrations": regs,
                                                  "open_campaigns": open_campaigns})
