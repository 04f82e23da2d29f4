"""The parcel desk (quick status updates with htmx) and the courier's pickup list as Excel."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from . import selectors, services_parcels
from .couriers import Courier
from .forms import ParcelFilterForm, ParcelStatusForm

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def parcel_desk(request, campaign_id: int):
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    form = ParcelFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    qs = selectors.parcel_list_for_user(user=request.user, campaign=campaign, status=data.get("status"),
                                        courier=data.get("courier"), building=data.get("building"), q=data.get("q"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_personal(request.user, [p.registration for p in page.object_list], campaign=campaign)
    return render(request, "gradmail/parcel_desk.html", {
        "campaign": campaign, "form": form, "page": page, "couriers": Courier.choices,
        "can_handle": selectors.can_handle_campaign(request.user, campaign),
    })


@login_required
@require_POST
def parcel_status(request, parcel_id: int):
    """One parcel's status from the desk: answers the row again (htmx) with the error next to it, if any."""
    parcel = selectors.parcel_get_for_user(user=request.user, parcel_id=parcel_id)
    if not selectors.can_handle_campaign(request.user, parcel.campaign):
        raise PermissionDenied("只有本次毕业寄的负责人和志愿者可以处理包裹")
    form = ParcelStatusForm(request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            parcel = services_parcels.parcel_update(
                by=request.user, parcel=parcel, status=data["status"], courier=data["courier"] or None,
                tracking_number=data["tracking_number"] if data["tracking_number"] or data["status"] in (
                    "handed", "delivered") else None,
                problem_note=data["problem_note"])
        except ValidationError as exc:
            error = "；".join(exc.messages)
    else:
        error = "；".join(m for errors in form.errors.values() for m in errors)
    parcel = selectors.parcel_get_for_user(user=request.user, parcel_id=parcel.pk)
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, f"{parcel}：{parcel.get_status_display()}")
        return redirect(request.POST.get("next") or parcel.registration.get_absolute_url())
    selectors.with_personal(request.user, [parcel.registration], campaign=parcel.campaign)
    return render(request, "gradmail/_parcel_row.html", {
        "p": parcel, "error": error, "typed": request.POST, "couriers": Courier.choices, "can_handle": True,
    })


@login_required
def pickup_list(request, campaign_id: int):
    """Packed parcels waiting for the courier, by building and room: the sheet the courier signs on pickup."""
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    if not selectors.can_handle_campaign(request.user, campaign):
        raise PermissionDenied("只有本次毕业寄的负责人和志愿者可以导出揽收清单")
    courier = request.GET.get("courier") or None
    if courier and courier not in Courier.values:
        courier = None
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("揽收清单")
    title = f"{campaign.title} 揽收清单" + (f"（{Courier(courier).label}）" if courier else "")
    ws.append([title])
    ws.append(["序号", "楼栋", "房间", "学号", "毕业生", "件号", "快递公司", "重量（千克）", "收件人", "收件电话",
               "收件地址", "运单号", "揽收签字"])
    n = 0
    for n, p in enumerate(selectors.pickup_rows(campaign=campaign, courier=courier).iterator(chunk_size=2000),
                          start=1):
        r = p.registration
        ws.append([n, r.building, r.room, r.graduate.student_number, r.graduate.name, p.seq, p.get_courier_display(),
                   float(p.weight_kg) if p.weight_kg is not None else None, r.recipient, r.phone, r.address,
                   p.tracking_number, ""])
    ws.append([])
    ws.append([f"共{n}件；导出时间{timezone.localtime():%Y-%m-%d %H:%M}"])
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(buf.getvalue(), content_type=XLSX)
    name = f"pickup-{campaign.year}-{campaign.pk}{'-' + courier if courier else ''}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

