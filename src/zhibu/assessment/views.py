"""Assessment pages: a member's deeds and points, a branch's overview, the deed form, confirmations.

Thin: a form, one selector or service call, render. Points pages are in views_points, the appraisal in
views_appraisal.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhibu.core.audit import history_for
from zhibu.core.forms import apply_validation_error
from zhibu.orgs import selectors as org_selectors
from zhibu.orgs.models import Member

from . import points, selectors, services, services_sync
from .forms import ConfirmForm, DeedForm, SecretaryConfirmForm, YearForm
from .models import Deed, MemberAppraisal

PAGE_SIZE = 30


def _year(request) -> int:
    return YearForm(request.GET).year_or_today()


@login_required
def index(request):
    year = _year(request)
    member = selectors.member_for_user(request.user)
    context = {"year": year, "member": member, "branches": selectors.managed_branches(user=request.user)}
    if member is not None:
        context.update(
            my_points=points.member_points(member=member, year=year),
            deeds=list(selectors.deed_list_for_user(user=request.user, member=member, year=year)[:20]),
            pledged=selectors.pledged(member=member, year=year),
            open_appraisal=MemberAppraisal.objects.filter(org_id=member.org_id, status="open").first(),
        )
    return render(request, "assessment/index.html", context)


@login_required
def org_overview(request, code: str):
    org = selectors.org_for_oversight(user=request.user, code=code)
    year = _year(request)
    deeds = selectors.deed_list_for_user(user=request.user, org=org, year=year)
    return render(request, "assessment/org_overview.html", {
        "org": org, "year": year, "summary": selectors.deed_summary(org=org, year=year),
        "pending": list(deeds.filter(status=Deed.Status.PENDING)[:50]),
        "page": Paginator(deeds, PAGE_SIZE).get_page(request.GET.get("page")),
        "last_sync": selectors.last_sync(org=org), "pledges": selectors.pledge_count(org=org, year=year),
        "appraisals": list(selectors.appraisal_list_for_user(user=request.user, org=org)[:5]),
        "can_manage": org_selectors.can_manage(request.user, org.path),
        "ancestors": org_selectors.org_ancestors(org=org, user=request.user),
    })


@login_required
@require_POST
def org_sync(request, code: str):
    org = selectors.org_for_oversight(user=request.user, code=code)
    if not org_selectors.can_manage(request.user, org.path):
        raise PermissionDenied("您在该组织只有查看权限")
    year = _year(request) if request.GET.get("year") else YearForm(request.POST).year_or_today()
    run = services_sync.deeds_sync_year(by=request.user, org=org, year=year)
    messages.success(request, f"已同步{year}年度业务记录生成的实事：新增{run.created}条，更新{run.updated}条，"
                              f"撤销{run.removed}条，未变{run.unchanged}条")
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect(reverse("assessment:org_overview", args=[org.code]) + f"?year={year}")


@login_required
def deed_create(request):
    """Log a deed: one's own, or (for a branch's managers, ?org=CODE) a member's of the branch."""
    org_code = request.GET.get("org")
    members = None
    if org_code:
        org = org_selectors.org_get_for_user(user=request.user, code=org_code)
        if not org_selectors.can_manage(request.user, org.path):
            raise PermissionDenied("您在该组织只有查看权限")
        members = Member.objects.filter(org=org).order_by("name", "id")
    own = selectors.member_for_user(request.user)
    if own is None and members is None:
        raise PermissionDenied("您的账号未关联党员信息，不能登记实事")
    posted = request.method == "POST"
    form = DeedForm(request.POST if posted else None, request.FILES if posted else None, members=members)
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        member = data.pop("member", None) or own
        if member is None:
            form.add_error("member", "请选择党员")
        else:
            try:
                deed = services.deed_log(by=request.user, member=member, **data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, "实事已登记，请把确认链接发给服务对象，或请支部确认")
                return redirect(deed)
    return render(request, "assessment/deed_form.html", {"form": form, "org_code": org_code or ""})


@login_required
def deed_detail(request, deed_id: int):
    deed = selectors.deed_get_for_user(user=request.user, deed_id=deed_id)
    can_manage = org_selectors.can_manage(request.user, deed.org_path)
    own = deed.member.user_id == request.user.pk or deed.created_by_id == request.user.pk
    link = None
    if not deed.is_confirmed and (own or can_manage):
        link = request.build_absolute_uri(reverse("assessment:deed_confirm_link",
                                                  args=[services.deed_confirm_token(deed)]))
    return render(request, "assessment/deed_detail.html", {
        "deed": deed, "link": link, "can_confirm": can_manage and not own and not deed.is_confirmed,
        "can_manage": can_manage, "own": own, "history": list(history_for(deed)[:20]),
        "link_days": services.CONFIRM_MAX_AGE.days,
    })


@login_required
@require_POST
def deed_confirm(request, deed_id: int):
    deed = selectors.deed_get_for_user(user=request.user, deed_id=deed_id)
    form = SecretaryConfirmForm(request.POST)
    form.is_valid()
    try:
        services.deed_confirm(by=request.user, deed=deed, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已确认“{deed.title}”")
    nxt = request.POST.get("next", "")
    return redirect(nxt if nxt.startswith("/") and not nxt.startswith("//") else deed.get_absolute_url())


def deed_confirm_link(request, token: str):
    """The page a beneficiary opens from the signed link: no login needed."""
    try:
        deed = services.deed_from_token(token)
    except ValidationError as exc:
        return render(request, "assessment/confirm_link.html", {"problem": "；".join(exc.messages)}, status=410
                      if exc.code == "expired" else 404)
    form = ConfirmForm(request.POST or None)
    done = None
    if request.method == "POST" and form.is_valid():
        try:
            done = services.deed_confirm_by_beneficiary(
                token=token, name=form.cleaned_data["name"], note=form.cleaned_data["note"],
                by=request.user if request.user.is_authenticated else None)
        except ValidationError as exc:
            apply_validation_error(form, exc)
    return render(request, "assessment/confirm_link.html", {"deed": done or deed, "form": form, "done": done})


@login_required
def deed_evidence(request, deed_id: int):
    deed = selectors.deed_get_for_user(user=request.user, deed_id=deed_id)
    if not deed.evidence:
        raise Http404("该实事没有佐证材料")
    response = FileResponse(deed.evidence.open("rb"), content_type=deed.evidence_type, as_attachment=True,
                            filename=deed.evidence_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def pledge(request):
    member = selectors.member_for_user(request.user)
    if member is None:
        raise PermissionDenied("您的账号未关联党员信息")
    year = YearForm(request.POST).year_or_today()
    try:
        services.badge_pledge(by=request.user, member=member, year=year, promise=request.POST.get("promise", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已作出{year}年度“戴党徽、亮身份”承诺")
    return redirect(reverse("assessment:index") + f"?year={year}")

