"""Careers edits through the API: PATCH, DELETE (soft) and POST …/restore of visits, job posts and graduates, and
PATCH of a follow-up. The same services as the edit pages, with the same rules: outside the scope 404, read-only
roles 403, a refused change 422 with Chinese messages by field and nothing saved.

Registered on `api.router` (imported at the bottom of `api`), so that a PATCH shares its path with the GET.
"""

from django.http import Http404, HttpRequest

from zhibu.core.pagination import patch_fields, renamed, write
from zhibu.orgs import selectors as org_selectors

from . import selectors, services, services_graduates, services_jobs
from .api import _WRITE, _graduate_detail, _members, _refused, _visit_detail, router
from .models import EnterpriseVisit, Graduate, JobPost
from .schemas import (
    FollowUpOut,
    FollowUpPatchIn,
    GraduateDetailOut,
    GraduatePatchIn,
    JobOut,
    JobPatchIn,
    VisitDetailOut,
    VisitPatchIn,
)
from .services_common import require_manage

# A service names the model's field; the API names the request's.
_API_NAMES = {
    "employer": "employer_id",
    "visit": "visit_id",
    "visitors": "visitor_member_ids",
    "helper": "helper_member_id",
    "assignee": "assignee_member_id",
}
_DELETED = "软删除：可用 POST …/restore 恢复，网页的“已删除的记录”中也能恢复。"


def _employer(request, employer_id: int):
    try:
        return selectors.employer_get_for_user(user=request.user, employer_id=employer_id)
    except Http404:
        raise _refused("employer_id", f"没有找到编号为{employer_id}的用人单位") from None


def _visit(request, visit_id: int | None):
    if visit_id is None:
        return None
    try:
        return selectors.visit_get_for_user(user=request.user, visit_id=visit_id)
    except Http404:
        raise _refused("visit_id", f"没有找到编号为{visit_id}的走访记录") from None


# --- visits and follow-ups ------------------------------------------------------------------------


@router.patch(
    "/visits/{int:visit_id}",
    response={200: VisitDetailOut, **_WRITE},
    summary="修改走访记录",
    description="只修改给出的字段；visitor_member_ids 整体替换走访党员。任何一处有误都不保存（422）。",
)
def visit_patch(request: HttpRequest, visit_id: int, payload: VisitPatchIn):
    visit = selectors.visit_get_for_user(user=request.user, visit_id=visit_id)

    def call():
        require_manage(request.user, visit.org_path, "您没有权限修改该走访记录")
        data = patch_fields(payload)
        if "employer_id" in data:
            data["employer"] = _employer(request, data.pop("employer_id"))
        visitors = None
        if "visitor_member_ids" in data:
            visitors = _members(request, data.pop("visitor_member_ids"), "visitor_member_ids")
        if "needs" in data:
            data["needs"] = list(dict.fromkeys(str(n) for n in data["needs"]))
        services.visit_update(by=request.user, visit=visit, visitors=visitors, **data)
        return _visit_detail(request, visit.pk)

    return write(renamed(call, _API_NAMES))


@router.delete(
    "/visits/{int:visit_id}", response={204: None, **_WRITE}, summary="删除走访记录", description=_DELETED
)
def visit_delete(request: HttpRequest, visit_id: int):
    visit = selectors.visit_get_for_user(user=request.user, visit_id=visit_id)
    return write(lambda: services.visit_delete(by=request.user, visit=visit), status=204)


@router.post(
    "/visits/{int:visit_id}/restore",
    response={200: VisitDetailOut, **_WRITE},
    summary="恢复走访记录",
    description="恢复已删除的走访记录（含走访党员和跟进事项）。",
)
def visit_restore(request: HttpRequest, visit_id: int):
    visit = selectors.deleted_get_for_user(user=request.user, model=EnterpriseVisit, pk=visit_id)

    def call():
        services.visit_restore(by=request.user, visit=visit)
        return _visit_detail(request, visit.pk)

    return write(call)


@router.patch(
    "/follow-ups/{int:follow_up_id}",
    response={200: FollowUpOut, **_WRITE},
    summary="修改跟进事项",
    description="只修改给出的字段；done_on 给出日期即记为完成，给出 null 即重新打开。",
)
def follow_up_patch(request: HttpRequest, follow_up_id: int, payload: FollowUpPatchIn):
    f = selectors.follow_up_get_for_user(user=request.user, follow_up_id=follow_up_id)

    def call():
        require_manage(request.user, f.org_path, "您没有权限修改该走访记录")
        data = patch_fields(payload, nullable=("assignee_member_id", "done_on"))
        if "assignee_member_id" in data:
            mid = data.pop("assignee_member_id")
            data["assignee"] = _members(request, [mid], "assignee_member_id")[0] if mid else None
        current = {"action": f.action, "due_on": f.due_on, "assignee": f.assignee, "done_on": f.done_on}
        return services.follow_up_update(by=request.user, follow_up=f, **{**current, **data})

    return write(renamed(call, _API_NAMES))


# --- job posts ------------------------------------------------------------------------------------


@router.patch(
    "/jobs/{int:job_id}",
    response={200: JobOut, **_WRITE},
    summary="修改岗位",
    description="只修改给出的字段；majors 整体替换。状态可改为 filled（已招满）或 closed（已关闭）。",
)
def job_patch(request: HttpRequest, job_id: int, payload: JobPatchIn):
    job = selectors.job_get_for_user(user=request.user, job_id=job_id)

    def call():
        require_manage(request.user, job.org_path, "您没有权限修改该岗位")
        data = patch_fields(payload, nullable=("salary_min", "salary_max", "visit_id"))
        if "employer_id" in data:
            data["employer"] = _employer(request, data.pop("employer_id"))
        if "visit_id" in data:
            data["visit"] = _visit(request, data.pop("visit_id"))
        for key in ("degree", "source", "status"):
            if key in data:
                data[key] = str(data[key])
        services_jobs.job_update(by=request.user, job=job, **data)
        return selectors.job_get_for_user(user=request.user, job_id=job.pk)

    return write(renamed(call, _API_NAMES))


@router.delete("/jobs/{int:job_id}", response={204: None, **_WRITE}, summary="删除岗位", description=_DELETED)
def job_delete(request: HttpRequest, job_id: int):
    job = selectors.job_get_for_user(user=request.user, job_id=job_id)
    return write(lambda: services_jobs.job_delete(by=request.user, job=job), status=204)


@router.post("/jobs/{int:job_id}/restore", response={200: JobOut, **_WRITE}, summary="恢复岗位")
def job_restore(request: HttpRequest, job_id: int):
    job = selectors.deleted_get_for_user(user=request.user, model=JobPost, pk=job_id)

    def call():
        services_jobs.job_restore(by=request.user, job=job)
        return selectors.job_get_for_user(user=request.user, job_id=job.pk)

    return write(call)


# --- graduates ------------------------------------------------------------------------------------


@router.patch(
    "/graduates/{int:graduate_id}",
    response={200: GraduateDetailOut, **_WRITE},
    summary="修改毕业生（部分）",
    description="姓名、学号、专业、所属组织、毕业去向、意向、帮扶党员等；只修改给出的字段。"
    "转到另一组织须在两端都有管理权限。",
)
def graduate_patch(request: HttpRequest, graduate_id: int, payload: GraduatePatchIn):
    g = selectors.graduate_get_for_user(user=request.user, graduate_id=graduate_id)

    def call():
        require_manage(request.user, g.org_path, "您没有权限修改该毕业生")
        nullable = (
            "helper_member_id",
            "graduation_date",
            "destination",
            "phone",
            "preferred_cities",
            "preferred_industries",
            "status",
            "class_name",
        )
        data = patch_fields(payload, nullable=nullable)
        if "org" in data:
            code = data.pop("org")
            try:
                data["org"] = org_selectors.org_get_for_user(user=request.user, code=code)
            except Http404:
                raise _refused("org", f"没有找到编码为{code}的组织") from None
        if "helper_member_id" in data:
            hid = data.pop("helper_member_id")
            data["helper"] = _members(request, [hid], "helper_member_id")[0] if hid else None
        if "preferred_industries" in data:
            data["preferred_industries"] = [str(i) for i in data["preferred_industries"] or []]
        for key in ("destination", "phone", "preferred_cities", "class_name"):
            if key in data and data[key] is None:
                data[key] = [] if key == "preferred_cities" else ""
        if data.get("status") is None:
            data.pop("status", None)
        for key in ("degree", "status"):
            if key in data:
                data[key] = str(data[key])
        services_graduates.graduate_update(by=request.user, graduate=g, **data)
        return _graduate_detail(request, selectors.graduate_get_for_user(user=request.user, graduate_id=g.pk))

    return write(renamed(call, _API_NAMES))


@router.delete(
    "/graduates/{int:graduate_id}", response={204: None, **_WRITE}, summary="删除毕业生", description=_DELETED
)
def graduate_delete(request: HttpRequest, graduate_id: int):
    g = selectors.graduate_get_for_user(user=request.user, graduate_id=graduate_id)
    return write(lambda: services_graduates.graduate_delete(by=request.user, graduate=g), status=204)


@router.post(
    "/graduates/{int:graduate_id}/restore",
    response={200: GraduateDetailOut, **_WRITE},
    summary="恢复毕业生",
    description="该学号已重新登记时不能恢复（422）。",
)
def graduate_restore(request: HttpRequest, graduate_id: int):
    g = selectors.deleted_get_for_user(user=request.user, model=Graduate, pk=graduate_id)

    def call():
        services_graduates.graduate_restore(by=request.user, graduate=g)
        return _graduate_detail(request, selectors.graduate_get_for_user(user=request.user, graduate_id=g.pk))

    return write(renamed(call, _API_NAMES))
