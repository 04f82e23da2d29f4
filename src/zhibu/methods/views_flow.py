"""Lifecycle steps (submit, withdraw, endorse, research, review, publish, promote), adoptions and Word exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from zhibu.core.forms import apply_validation_error
from zhibu.orgs.selectors import can_manage

from . import roles, selectors, services
from .export import case_docx, case_filename, review_docx
from .forms import AdoptionForm, NoteForm, OutcomesForm, ResearchForm, ResearchMeetingForm, ReviewForm
from .models import Adoption

SIMPLE_STEPS = {
    "submit": (services.case_submit, "案例已提交，等待学校审核推荐"),
    "withdraw": (services.case_withdraw, "案例已撤回，可以修改后重新提交"),
    "endorse": (services.case_endorse, "已推荐，等待上级调研"),
    "publish": (services.case_publish, "案例已发布：支部撰写案例文章、经审核后在公开案例库刊出"),
    "promote": (services.case_promote, "案例已列为推广案例"),
}


@login_required
@require_POST
def case_step(request, case_id: int, step: str):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    if step not in SIMPLE_STEPS:
        raise Http404("没有这个操作")
    service, done = SIMPLE_STEPS[step]
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        service(case=case, by=request.user, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(case)


@login_required
def case_research(request, case_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    if roles.as_superior(request.user, case.branch) is None:
        raise PermissionDenied("只有上级机关的评审专家或组织管理员可以登记调研")
    meetings = selectors.research_meeting_choices(user=request.user, case=case)
    form = ResearchForm(request.POST or None, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        meeting = selectors.research_meeting_get(user=request.user, case=case, meeting_id=form.cleaned_data["meeting"])
        try:
            services.case_research(case=case, by=request.user, meeting=meeting, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已登记调研座谈会")
            return redirect(case)
    return render(request, "methods/research_form.html", {"case": case, "form": form, "meetings": meetings})


@login_required
def case_research_new(request, case_id: int):
    """The reviewer types in the symposium itself: hosted by their body, the branch co-hosting."""
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    hosts = roles.research_hosts(request.user, case.branch)
    if not hosts:
        raise PermissionDenied("只有上级机关的评审专家或组织管理员可以登记调研")
    initial = {"title": f"关于“{case.method.name}”工作法的调研座谈会", "host": hosts[0]}
    form = ResearchMeetingForm(request.POST or None, hosts=hosts, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_research_record(
                case=case, by=request.user, host=data["host"], title=data["title"], place=data["place"],
                starts_at=data["starts_at"], ends_at=data["ends_at"], guests=data["guests"],
                agenda=data["agenda"], minutes=data["minutes"], note=data["note"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已登记调研座谈会")
            return redirect(case)
    return render(request, "methods/research_new.html", {"case": case, "form": form})


@login_required
def case_review(request, case_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id, detail=True)
    if roles.as_superior(request.user, case.branch) is None:
        raise PermissionDenied("只有上级机关的评审专家或组织管理员可以评审")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_review(case=case, by=request.user, overall=form.cleaned_data["overall"],
                                 decision=form.cleaned_data["decision"], section_comments=form.section_comments())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "点评意见已提交")
            return redirect(case)
    return render(request, "methods/review_form.html", {"case": case, "form": form,
                                                        "reviews": selectors.case_reviews(case=case)})


@login_required
def case_adopt(request, case_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    branches = selectors.adoptable_branches(user=request.user, case=case)
    if not case.is_public:
        messages.error(request, "只能借鉴已发布的案例")
        return redirect(case)
    if not branches:
        raise PermissionDenied("您没有可以登记借鉴的支部（或您管理的支部都已登记过）")
    adoptions = selectors.adoption_list(case=case)
    form = AdoptionForm(request.POST or None, branches=branches, adoptions=adoptions,
                        initial={"adopted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.adoption_create(by=request.user, case=case, branch=data["branch"], via=data["via"],
                                     adopted_on=data["adopted_on"], adaptation=data["adaptation"],
                                     outcomes=data["outcomes"], outcomes_on=timezone.localdate() if data["outcomes"] else None)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已登记{data['branch'].display_name}借鉴该案例")
            return redirect(f"{case.get_absolute_url()}#adoptions")
    return render(request, "methods/adopt_form.html", {"case": case, "form": form})


@login_required
def adoption_outcomes(request, case_id: int, adoption_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    adoption = Adoption.objects.filter(pk=adoption_id, case=case).select_related("branch").first()
    if adoption is None:
        raise Http404("没有找到该借鉴记录")
    if not can_manage(request.user, adoption.org_path):
        raise PermissionDenied("只有借鉴支部可以填写实施成效")
    form = OutcomesForm(request.POST or None, initial={"outcomes": adoption.outcomes,
                                                       "outcomes_on": adoption.outcomes_on or timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.adoption_record_outcomes(by=request.user, adoption=adoption, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "实施成效已保存")
            return redirect(f"{case.get_absolute_url()}#adoptions")
    return render(request, "methods/outcomes_form.html", {"case": case, "adoption": adoption, "form": form})


def _docx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def case_export(request, case_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id, detail=True)
    return _docx(case_docx(case, evidence=selectors.evidence_links(case=case)), case_filename(case, "申报材料"))


@login_required
def review_export(request, case_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id, detail=True)
    if not case.round:
        raise Http404("该案例尚未报送，没有评审记录")
    return _docx(review_docx(case, timeline=selectors.case_timeline(case=case), reviews=selectors.case_reviews(case=case)),
                 case_filename(case, "评审记录"))
