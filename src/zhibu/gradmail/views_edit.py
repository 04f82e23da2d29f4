"""Correcting a registration (staff; the graduate themself until it is assigned), editing, deleting and
restoring shifts, restoring withdrawn registrations, and a campaign's deleted rows. Outside the scope: 404;
read-only roles: 403."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.core.forms import apply_validation_error as apply_errors

from . import selectors, services, services_edits
from .forms import RegistrationEditForm, ShiftEditForm
from .models import Registration


def not_for_graduates(view):
    """A graduate's own login sees only their registrations: GET goes to 我的毕业寄, anything else is a 404."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if selectors.is_graduate_only(request.user):
            if request.method in ("GET", "HEAD"):
                return redirect("gradmail:mine")
            raise Http404("没有找到该页面")
        return view(request, *args, **kwargs)

    return wrapped


def _require_manage(user, campaign) -> None:
    if not selectors.can_manage_campaign(user, campaign):
        raise PermissionDenied("您在该毕业寄工作只有查看权限")


@login_required
def registration_edit(request, registration_id: int):
    reg = selectors.registration_get_for_user(user=request.user, registration_id=registration_id)
    if not services.can_register_for(request.user, reg.campaign, reg.graduate):
        raise PermissionDenied("您在该登记只有查看权限")
    staff = services.is_staff_for(request.user, reg.campaign, reg.graduate)
    if reg.status not in (Registration.Status.REGISTERED, Registration.Status.ASSIGNED):
        raise PermissionDenied("已打包的登记不能再修改，请联系毕业寄工作负责人")
    if not staff and reg.status != Registration.Status.REGISTERED:
        raise PermissionDenied("登记已排班，不能自行修改；如需更改，请联系毕业寄工作负责人")
    initial = {k: getattr(reg, k) for k in services.REGISTRATION_FIELDS}
    form = RegistrationEditForm(
        request.POST or None, initial=initial, buildings=selectors.campaign_buildings(campaign=reg.campaign)
    )
    if request.method == "POST" and form.is_valid():
        had_shift = reg.shift_id is not None
        try:
            reg = services.registration_update(by=request.user, registration=reg, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            moved = "；原班次已不再合适，等待重新排班" if had_shift and reg.shift_id is None else ""
            messages.success(request, f"已修改{reg.graduate.name}的登记{moved}")
            return redirect(reg.get_absolute_url() if staff else "gradmail:mine")
    return render(
        request,
        "gradmail/registration_edit.html",
        {
            "reg": reg,
            "campaign": reg.campaign,
            "form": form,
            "staff": staff,
            "buildings": form.buildings,
        },
    )


@login_required
@require_POST
def registration_restore(request, registration_id: int):
    reg = selectors.deleted_registration_get(user=request.user, registration_id=registration_id)
    try:
        services_edits.registration_restore(by=request.user, registration=reg)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("gradmail:campaign_trash", campaign_id=reg.campaign_id)
    messages.success(request, f"已恢复{reg.graduate.name}的登记，等待排班")
    return redirect(reg)


@login_required
def shift_edit(request, shift_id: int):
    shift = selectors.shift_get_for_user(user=request.user, shift_id=shift_id)
    _require_manage(request.user, shift.campaign)
    initial = {k: getattr(shift, k) for k in services_edits.SHIFT_FIELDS}
    form = ShiftEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_edits.shift_update(by=request.user, shift=shift, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已修改班次")
            return redirect("gradmail:shift_detail", shift_id=shift.pk)
    return render(
        request, "gradmail/shift_edit.html", {"shift": shift, "campaign": shift.campaign, "form": form}
    )


@login_required
@require_POST
def shift_delete(request, shift_id: int):
    shift = selectors.shift_get_for_user(user=request.user, shift_id=shift_id)
    _require_manage(request.user, shift.campaign)
    try:
        services_edits.shift_delete(by=request.user, shift=shift)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("gradmail:shift_detail", shift_id=shift.pk)
    messages.success(request, f"已删除班次“{shift}”，可在“已删除的记录”中恢复")
    return redirect(shift.campaign.get_absolute_url() + "#shifts")


@login_required
@require_POST
def shift_restore(request, shift_id: int):
    shift = selectors.deleted_shift_get(user=request.user, shift_id=shift_id)
    _require_manage(request.user, shift.campaign)
    try:
        services_edits.shift_restore(by=request.user, shift=shift)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("gradmail:campaign_trash", campaign_id=shift.campaign_id)
    messages.success(request, f"已恢复班次“{shift}”")
    return redirect("gradmail:shift_detail", shift_id=shift.pk)


@login_required
def campaign_trash(request, campaign_id: int):
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    _require_manage(request.user, campaign)
    return render(
        request,
        "gradmail/campaign_trash.html",
        {"campaign": campaign, **selectors.campaign_deleted(campaign=campaign)},
    )
