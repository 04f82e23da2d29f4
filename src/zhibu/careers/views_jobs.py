"""Job posts, ranked graduates for a post, and recommendations with their outcome."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhibu.core.audit import history_for
from zhibu.core.forms import apply_validation_error
from zhibu.orgs import selectors as org_selectors

from . import selectors, services_jobs
from .forms import JobFilterForm, JobForm, OutcomeForm
from .selectors_matching import matches_for_job
from .views import PAGE_SIZE, can_write, require_manage, require_manage_somewhere


@login_required
def job_list(request):
    form = JobFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    qs = selectors.job_list_for_user(user=request.user, status=data.get("status"), q=data.get("q"),
                                     city=data.get("city"))
    return render(request, "careers/job_list.html", {
        "form": form, "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_write": can_write(request.user), "today": timezone.localdate(),
    })


@login_required
def job_create(request):
    require_manage_somewhere(request.user)
    initial = {"employer": request.GET.get("employer"), "visit": request.GET.get("visit")}
    if request.GET.get("visit"):
        initial["source"] = "visit"
    form = JobForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        try:
            job = services_jobs.job_create(by=request.user, **d)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已登记岗位“{job.title}”")
            return redirect(job)
    return render(request, "careers/job_form.html", {"form": form})


@login_required
def job_detail(request, job_id: int):
    job = selectors.job_get_for_user(user=request.user, job_id=job_id)
    today = timezone.localdate()
    return render(request, "careers/job_detail.html", {
        "job": job, "expired": job.deadline < today, "ranked": matches_for_job(user=request.user, job=job),
        "recommendations": selectors.job_recommendations(job=job),
        "can_manage": org_selectors.can_manage(request.user, job.org_path), "can_write": can_write(request.user),
        "history": list(history_for(job)[:20]),
    })


@login_required
@require_POST
def job_close(request, job_id: int):
    job = selectors.job_get_for_user(user=request.user, job_id=job_id)
    require_manage(request.user, job.org_path)
    status = request.POST.get("status") or "closed"
    try:
        services_jobs.job_update(by=request.user, job=job, status=status)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(job)


@login_required
@require_POST
def recommend(request, graduate_id: int, job_id: int):
    """Recommend a post to a graduate (from either side's page); htmx swaps the button for the result."""
    graduate = selectors.graduate_get_for_user(user=request.user, graduate_id=graduate_id)
    job = selectors.job_get_for_user(user=request.user, job_id=job_id)
    require_manage(request.user, graduate.org_path)
    error, rec = None, None
    try:
        rec = services_jobs.recommendation_create(by=request.user, graduate=graduate, job=job)
    except ValidationError as exc:
        error = "；".join(exc.messages)
    if request.headers.get("HX-Request"):
        return render(request, "careers/_recommend_result.html", {"rec": rec, "error": error},
                      status=200 if rec else 422)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"已向{graduate.name}推荐“{job.title}”")
    return redirect(request.POST.get("next") or graduate)


@login_required
@require_POST
def recommendation_outcome(request, recommendation_id: int):
    rec = selectors.recommendation_get_for_user(user=request.user, recommendation_id=recommendation_id)
    require_manage(request.user, rec.org_path)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services_jobs.recommendation_set_outcome(by=request.user, recommendation=rec, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
    if request.headers.get("HX-Request"):
        return render(request, "careers/_recommendation_row.html", {"r": rec, "can_manage": True,
                                                                     "outcomes": rec.Outcome.choices})
    return redirect(rec.graduate)
