"""Editing, deleting (soft) and restoring visits and their follow-ups, job posts and graduates; the careers
trash; the last-mile board as Excel. Outside the scope: 404; read-only roles: 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhibu.core.forms import apply_validation_error

from . import exports, selectors, services, services_graduates, services_jobs
from .forms import FollowUpEditForm, GraduateEditForm, JobEditForm, VisitEditForm
from .models import EnterpriseVisit, Graduate, JobPost
from .views import org_from_request, require_manage, require_manage_somewhere

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _edit(request, *, form, save, obj, ctx: dict):
    """Validate, save through the service (its errors next to the fields), or re-show what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            save(dict(form.cleaned_data))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已保存修改")
            return redirect(obj)
    return render(request, "careers/edit_form.html", {"form": form, "obj": obj, **ctx})


# --- visits and follow-ups ------------------------------------------------------------------------


@login_required
def visit_edit(request, visit_id: int):
    visit = selectors.visit_get_for_user(user=request.user, visit_id=visit_id)
    require_manage(request.user, visit.org_path)
    initial = {
        "employer": visit.employer_id,
        "visited_on": visit.visited_on,
        "leaders": visit.leaders,
        "purpose": visit.purpose,
        "jobs_promised": visit.jobs_promised,
        "needs": visit.needs,
        "needs_note": visit.needs_note,
        "visitors": [link.member_id for link in visit.visitor_links.all()],
    }
    form = VisitEditForm(request.POST or None, user=request.user, initial=initial)

    def save(d):
        services.visit_update(by=request.user, visit=visit, visitors=list(d.pop("visitors")), **d)

    return _edit(
        request,
        form=form,
        save=save,
        obj=visit,
        ctx={
            "title": f"修改走访记录：{visit.employer.unit.name}",
            "section": "访企拓岗",
            "section_url": reverse("careers:visits"),
            "checkbox_groups": "needs",
            "delete_url": reverse("careers:visit_delete", args=[visit.pk]),
            "delete_label": "删除走访记录",
        },
    )


@login_required
@require_POST
def visit_delete(request, visit_id: int):
    visit = selectors.visit_get_for_user(user=request.user, visit_id=visit_id)
    require_manage(request.user, visit.org_path)
    services.visit_delete(by=request.user, visit=visit)
    messages.success(request, f"已删除走访“{visit.employer.unit.name}”，可在“已删除的记录”中恢复")
    return redirect("careers:visits")


@login_required
@require_POST
def visit_restore(request, visit_id: int):
    visit = selectors.deleted_get_for_user(user=request.user, model=EnterpriseVisit, pk=visit_id)
    require_manage(request.user, visit.org_path)
    services.visit_restore(by=request.user, visit=visit)
    messages.success(request, "已恢复走访记录")
    return redirect(visit)


@login_required
def follow_up_edit(request, follow_up_id: int):
    f = selectors.follow_up_get_for_user(user=request.user, follow_up_id=follow_up_id)
    require_manage(request.user, f.org_path)
    initial = {"action": f.action, "due_on": f.due_on, "assignee": f.assignee_id, "done_on": f.done_on}
    form = FollowUpEditForm(request.POST or None, user=request.user, initial=initial)

    def save(d):
        services.follow_up_update(by=request.user, follow_up=f, **d)

    return _edit(
        request,
        form=form,
        save=save,
        obj=f.visit,
        ctx={
            "title": f"修改跟进事项：{f.action}",
            "section": "访企拓岗",
            "section_url": reverse("careers:visits"),
        },
    )


# --- job posts ------------------------------------------------------------------------------------


@login_required
def job_edit(request, job_id: int):
    job = selectors.job_get_for_user(user=request.user, job_id=job_id)
    require_manage(request.user, job.org_path)
    initial = {
        k: getattr(job, k)
        for k in (
            "title",
            "degree",
            "city",
            "headcount",
            "salary_min",
            "salary_max",
            "deadline",
            "source",
            "description",
            "status",
        )
    }
    initial.update(employer=job.employer_id, visit=job.visit_id, majors="、".join(job.majors))
    form = JobEditForm(request.POST or None, user=request.user, initial=initial)

    def save(d):
        services_jobs.job_update(by=request.user, job=job, **d)

    return _edit(
        request,
        form=form,
        save=save,
        obj=job,
        ctx={
            "title": f"修改岗位：{job.title}",
            "section": "就业岗位",
            "section_url": reverse("careers:jobs"),
            "delete_url": reverse("careers:job_delete", args=[job.pk]),
            "delete_label": "删除岗位",
        },
    )


@login_required
@require_POST
def job_delete(request, job_id: int):
    job = selectors.job_get_for_user(user=request.user, job_id=job_id)
    require_manage(request.user, job.org_path)
    services_jobs.job_delete(by=request.user, job=job)
    messages.success(request, f"已删除岗位“{job.title}”，可在“已删除的记录”中恢复")
    return redirect("careers:jobs")


@login_required
@require_POST
def job_restore(request, job_id: int):
    job = selectors.deleted_get_for_user(user=request.user, model=JobPost, pk=job_id)
    require_manage(request.user, job.org_path)
    services_jobs.job_restore(by=request.user, job=job)
    messages.success(request, f"已恢复岗位“{job.title}”")
    return redirect(job)


# --- graduates ------------------------------------------------------------------------------------


@login_required
def graduate_edit(request, graduate_id: int):
    g = selectors.graduate_get_for_user(user=request.user, graduate_id=graduate_id)
    require_manage(request.user, g.org_path)
    initial = {
        k: getattr(g, k)
        for k in (
            "name",
            "student_number",
            "major",
            "degree",
            "class_year",
            "class_name",
            "graduation_date",
            "phone",
            "status",
            "destination",
            "preferred_industries",
        )
    }
    initial.update(org=g.org_id, helper=g.helper_id, preferred_cities="、".join(g.preferred_cities))
    form = GraduateEditForm(request.POST or None, user=request.user, initial=initial)

    def save(d):
        services_graduates.graduate_update(by=request.user, graduate=g, **d)

    return _edit(
        request,
        form=form,
        save=save,
        obj=g,
        ctx={
            "title": f"修改毕业生：{g.name}",
            "section": "毕业生",
            "section_url": reverse("careers:graduates"),
            "checkbox_groups": "preferred_industries",
            "delete_url": reverse("careers:graduate_delete", args=[g.pk]),
            "delete_label": "删除毕业生",
        },
    )


@login_required
@require_POST
def graduate_delete(request, graduate_id: int):
    g = selectors.graduate_get_for_user(user=request.user, graduate_id=graduate_id)
    require_manage(request.user, g.org_path)
    services_graduates.graduate_delete(by=request.user, graduate=g)
    messages.success(request, f"已删除毕业生{g.name}，可在“已删除的记录”中恢复")
    return redirect("careers:graduates")


@login_required
@require_POST
def graduate_restore(request, graduate_id: int):
    g = selectors.deleted_get_for_user(user=request.user, model=Graduate, pk=graduate_id)
    require_manage(request.user, g.org_path)
    try:
        services_graduates.graduate_restore(by=request.user, graduate=g)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("careers:trash")
    messages.success(request, f"已恢复毕业生{g.name}")
    return redirect(g)


# --- trash and export -----------------------------------------------------------------------------


@login_required
def trash(request):
    require_manage_somewhere(request.user)
    return render(request, "careers/trash.html", selectors.deleted_for_user(user=request.user))


@login_required
def last_mile_export(request):
    org = org_from_request(request)
    data = exports.last_mile_workbook(user=request.user, org=org, stale_only=request.GET.get("stale") == "1")
    response = HttpResponse(data, content_type=XLSX)
    name = f"last-mile-{org.code if org else 'all'}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
