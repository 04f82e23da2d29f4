"""毕业寄 pages: the campaigns of a scope, a campaign's overview with the assignment run, shifts and sign-up.
Registrations are in views_registrations, the parcel desk and pickup list in views_parcels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.careers import selectors as careers_selectors
from zhibu.core.forms import apply_validation_error as apply_errors
from zhibu.core.paths import SEGMENT, subtree_q
from zhibu.orgs import selectors as org_selectors
from zhibu.orgs.models import Org

from . import selectors, services, services_parcels
from .forms import CampaignForm, ShiftBatchForm, ShiftFilterForm, VolunteerForm
from .models import Signup

SHIFT_PAGE = 40


def _require_manage(user, campaign) -> None:
    if not selectors.can_manage_campaign(user, campaign):
        raise PermissionDenied("您在该毕业寄工作只有查看权限")


def _progress_key(campaign_id: int) -> str:
    return f"gradmail:assign:{campaign_id}"


def _manageable_orgs(user) -> list[Org]:
    kinds = (Org.Kind.COMMITTEE, Org.Kind.GENERAL_BRANCH, Org.Kind.BRANCH)
    return [o for o in org_selectors.org_list_for_user(user=user).filter(kind__in=kinds)[:60]
            if org_selectors.can_manage(user, o.path)]


@login_required
def index(request):
    org_code = request.GET.get("org")
    campaigns = selectors.campaign_list_for_user(user=request.user)
    org = None
    if org_code:
        org = org_selectors.org_get_for_user(user=request.user, code=org_code)
        prefixes = [org.path[:end] for end in range(SEGMENT, len(org.path) + 1, SEGMENT)]
        campaigns = campaigns.filter(Q(org_path__in=prefixes) | subtree_q("org_path", org.path))
    page = Paginator(campaigns, 20).get_page(request.GET.get("page"))
    return render(request, "gradmail/index.html", {
        "page": page, "org": org, "graduate": careers_selectors.graduate_for_login(request.user),
        "can_create": bool(_manageable_orgs(request.user)),
    })


@login_required
def campaign_create(request):
    orgs = _manageable_orgs(request.user)
    if not orgs:
        raise PermissionDenied("您没有可组织毕业寄工作的组织")
    form = CampaignForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = next(o for o in orgs if o.code == data.pop("org"))
        try:
            campaign = services.campaign_create(by=request.user, org=org, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已创建“{campaign.title}”")
            return redirect(campaign)
    return render(request, "gradmail/campaign_form.html", {"form": form})


@login_required
def campaign_detail(request, campaign_id: int):
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    can_manage = selectors.can_manage_campaign(request.user, campaign)
    form = ShiftFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    shifts = Paginator(selectors.shift_list(campaign=campaign, building=data.get("building"), date=data.get("date")),
                       SHIFT_PAGE).get_page(request.GET.get("page"))
    return render(request, "gradmail/campaign_detail.html", {
        "campaign": campaign, "stats": selectors.campaign_stats(campaign=campaign),
        "run": selectors.last_run(campaign=campaign), "page": shifts, "form": form, "can_manage": can_manage,
        "can_handle": can_manage or selectors.can_handle_campaign(request.user, campaign),
        "batch_form": ShiftBatchForm(initial={"date_from": campaign.starts_on, "date_to": campaign.ends_on})
        if can_manage else None,
        "ancestors": org_selectors.org_ancestors(org=campaign.org, user=request.user),
    })


@login_required
@require_POST
def assignment_run(request, campaign_id: int):
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    _require_manage(request.user, campaign)
    key = _progress_key(campaign.pk)

    def report(done: int, total: int) -> None:
        cache.set(key, (done, total), 300)

    run = services_parcels.assignment_run(by=request.user, campaign=campaign, reset=request.POST.get("reset") == "1",
                                          progress=report)
    cache.delete(key)
    messages.success(request, f"排班完成：{run.considered}份待安排登记中安排了{run.assigned}份，"
                              f"{run.unassigned}份未能安排")
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        # A new query string, so that the browser loads the page again rather than just scrolling to the anchor.
        response["HX-Redirect"] = f"{campaign.get_absolute_url()}?run={run.pk}#assignment"
        return response
    return redirect(f"{campaign.get_absolute_url()}?run={run.pk}#assignment")


@login_required
def assignment_progress(request, campaign_id: int):
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    done, total = cache.get(_progress_key(campaign.pk)) or (0, 0)
    percent = done * 100 // total if total else 0
    return render(request, "gradmail/_progress.html", {"done": done, "total": total, "percent": percent})


@login_required
@require_POST
def shifts_create(request, campaign_id: int):
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    _require_manage(request.user, campaign)
    form = ShiftBatchForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = services.shifts_create_batch(by=request.user, campaign=campaign, date_from=data["date_from"],
                                                date_to=data["date_to"], slots=data["slots"],
                                                buildings=form.building_list(), capacity=data["capacity"],
                                                quota=data["quota"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已新增{len(made)}个班次")
            return redirect(campaign.get_absolute_url() + "#shifts")
    return render(request, "gradmail/shift_batch_form.html", {"campaign": campaign, "form": form})


@login_required
def shift_detail(request, shift_id: int):
    shift = selectors.shift_get_for_user(user=request.user, shift_id=shift_id)
    campaign = shift.campaign
    can_manage = selectors.can_manage_campaign(request.user, campaign)
    member = selectors.member_of(request.user)
    signups = selectors.shift_signups(shift=shift)
    regs = selectors.with_personal(request.user, list(
        selectors.registration_list_for_user(user=request.user, campaign=campaign, shift_id=shift.pk)[:200]),
        campaign=campaign)
    return render(request, "gradmail/shift_detail.html", {
        "shift": shift, "campaign": campaign, "signups": signups, "registrations": regs, "can_manage": can_manage,
        "can_handle": can_manage or selectors.can_handle_campaign(request.user, campaign),
        "member": member, "signed_up": member is not None and any(s.member_id == member.pk for s in signups),
        "volunteer_form": VolunteerForm() if can_manage else None,
    })


@login_required
@require_POST
def shift_signup(request, shift_id: int):
    """Sign up: a member themself (no fields), or a manager adding a volunteer by name."""
    shift = selectors.shift_get_for_user(user=request.user, shift_id=shift_id)
    name = request.POST.get("name", "").strip()
    member = None if name else selectors.member_of(request.user)
    if member is None and not name:
        messages.error(request, "您的账号没有关联党员档案，请联系负责人代为报名")
        return redirect("gradmail:shift_detail", shift_id=shift.pk)
    try:
        services.shift_signup(by=request.user, shift=shift, member=member, name=name,
                              phone=request.POST.get("phone", ""))
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, f"{member.name if member else name}已报名该班次")
    nxt = request.POST.get("next")
    if nxt and nxt.startswith("/gradmail/"):
        return redirect(nxt)
    return redirect("gradmail:shift_detail", shift_id=shift.pk)


@login_required
@require_POST
def signup_cancel(request, signup_id: int):
    signup = Signup.objects.select_related("shift", "shift__campaign", "member").filter(pk=signup_id).first()
    if signup is None:
        raise Http404("没有找到该报名")
    shift = selectors.shift_get_for_user(user=request.user, shift_id=signup.shift_id)
    services.signup_cancel(by=request.user, signup=signup)
    messages.success(request, f"已取消{signup.name}的报名")
    return redirect("gradmail:shift_detail", shift_id=shift.pk)
