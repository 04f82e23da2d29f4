"""Careers endpoints: visits, job posts, graduates, matches and recommendations.

Scoped exactly like the pages (outside the scope: 404; read-only roles: 403 on writes), writing through the same
services; lists paginate and run a fixed number of queries.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from zhibu.core.pagination import WRITE_ERRORS, ErrorOut, PageNumberPagination, write
from zhibu.orgs import selectors as org_selectors

from . import selectors, services, services_graduates, services_jobs
from .models import Graduate, JobPost
from .schemas import (
    ContactIn,
    EmployerOut,
    FollowUpIn,
    FollowUpOut,
    GraduateDetailOut,
    GraduateIn,
    GraduateMatchOut,
    GraduateOut,
    JobIn,
    JobMatchOut,
    JobOut,
    OutcomeIn,
    RecommendationOut,
    RecommendIn,
    VisitDetailOut,
    VisitIn,
    VisitOut,
)
from .selectors_matching import matches_for_graduate, matches_for_job

router = Router(tags=["就业与访企拓岗"])
_READ = {404: ErrorOut}
_WRITE = WRITE_ERRORS


def _refused(field: str, message: str) -> ValidationError:
    """A request naming something that is not there (a member id): 422 on the field of the request that named it."""
    return ValidationError({field: [message]})


def _org(request, code):
    return org_selectors.org_get_for_user(user=request.user, code=code) if code else None


def _members(request, ids, field: str) -> list:
    ids = list(dict.fromkeys(ids or []))
    found = {m.pk: m for m in org_selectors.member_list_for_user(user=request.user).filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise _refused(field, "没有找到编号为" + "、".join(str(i) for i in missing) + "的党员")
    return [found[i] for i in ids]


# --- employers and visits -------------------------------------------------------------------------


@router.get("/employers/", response=list[EmployerOut], summary="用人单位",
            description="全平台共用的用人单位档案（校外单位的就业信息）。")
@paginate(PageNumberPagination)
def employer_list(request: HttpRequest, q: str | None = None, industry: str | None = None):
    return selectors.employer_list_for_user(user=request.user, q=q, industry=industry)


class VisitFilters(Schema):
    org: str | None = None
    year: int | None = None
    employer_id: int | None = None


@router.get("/visits/", response=list[VisitOut], summary="访企拓岗走访列表", description="按走访日期倒序。")
@paginate(PageNumberPagination)
def visit_list(request: HttpRequest, filters: Query[VisitFilters]):
    return selectors.visit_list_for_user(user=request.user, org=_org(request, filters.org), year=filters.year,
                                         employer_id=filters.employer_id)


def _visit_detail(request, visit_id: int):
    visit = selectors.visit_list_for_user(user=request.user).filter(pk=visit_id).first()
    if visit is None:
        selectors.visit_get_for_user(user=request.user, visit_id=visit_id)  # raises 404
    visit.follow_ups_list = selectors.visit_follow_ups(visit=visit)
    return VisitDetailOut.from_orm(visit).model_copy(update={
        "follow_ups": [FollowUpOut.from_orm(f) for f in visit.follow_ups_list]})


@router.get("/visits/{int:visit_id}", response={200: VisitDetailOut, **_READ}, summary="走访详情",
            description="含跟进事项。")
def visit_detail(request: HttpRequest, visit_id: int):
    return _visit_detail(request, visit_id)


@router.post("/visits/", response={201: VisitDetailOut, **_WRITE}, summary="登记走访",
             description="走访党员、跟进事项一并保存；任何一处有误都不保存（422）。")
def visit_create(request: HttpRequest, payload: VisitIn):
    def call():
        org = org_selectors.org_get_for_user(user=request.user, code=payload.org)
        employer = selectors.employer_get_for_user(user=request.user, employer_id=payload.employer_id)
        visitors = _members(request, payload.visitor_member_ids, "visitor_member_ids")
        visit = services.visit_create(
            by=request.user, org=org, employer=employer, visited_on=payload.visited_on, purpose=payload.purpose,
            visitors=visitors, leaders=payload.leaders, jobs_promised=payload.jobs_promised,
            needs=[str(n) for n in payload.needs], needs_note=payload.needs_note,
            follow_ups=[(f.action, f.due_on) for f in payload.follow_ups])
        return _visit_detail(request, visit.pk)

    return write(call, status=201)


@router.post("/visits/{int:visit_id}/follow-ups", response={201: FollowUpOut, **_WRITE}, summary="添加跟进事项")
def follow_up_create(request: HttpRequest, visit_id: int, payload: FollowUpIn):
    visit = selectors.visit_get_for_user(user=request.user, visit_id=visit_id)

    def call():
        assignee = _members(request, [payload.assignee_member_id], "assignee_member_id")[0] \
            if payload.assignee_member_id else None
        return services.follow_up_add(by=request.user, visit=visit, action=payload.action, due_on=payload.due_on,
                                      assignee=assignee)

    return write(call, status=201)


# --- job posts ------------------------------------------------------------------------------------


class JobFilters(Schema):
    status: JobPost.Status | None = None
    q: str | None = None
    city: str | None = None
    employer_id: int | None = None


@router.get("/jobs/", response=list[JobOut], summary="就业岗位列表", description="按截止日期排序。")
@paginate(PageNumberPagination)
def job_list(request: HttpRequest, filters: Query[JobFilters]):
    return selectors.job_list_for_user(user=request.user, status=filters.status, q=filters.q, city=filters.city,
                                       employer_id=filters.employer_id)


@router.get("/jobs/{int:job_id}", response={200: JobOut, **_READ}, summary="岗位详情")
def job_detail(request: HttpRequest, job_id: int):
    return selectors.job_get_for_user(user=request.user, job_id=job_id)


@router.post("/jobs/", response={201: JobOut, **_WRITE}, summary="登记岗位")
def job_create(request: HttpRequest, payload: JobIn):
    def call():
        org = org_selectors.org_get_for_user(user=request.user, code=payload.org)
        employer = selectors.employer_get_for_user(user=request.user, employer_id=payload.employer_id)
        visit = selectors.visit_get_for_user(user=request.user, visit_id=payload.visit_id) if payload.visit_id else None
        data = payload.dict(exclude={"org", "employer_id", "visit_id"})
        return services_jobs.job_create(by=request.user, org=org, employer=employer, visit=visit, **data)

    return write(call, status=201)


@router.get("/jobs/{int:job_id}/matches", response={200: list[GraduateMatchOut], **_READ},
            summary="岗位匹配的毕业生", description="调用者范围内求职中的毕业生，按匹配分排序（前20名），附评分说明。")
def job_matches(request: HttpRequest, job_id: int):
    job = selectors.job_get_for_user(user=request.user, job_id=job_id)
    return [{"graduate": m.graduate, "score": m.match.score, "reasons": [r.__dict__ for r in m.match.reasons],
             "recommendation_id": m.recommendation.pk if m.recommendation else None,
             "recommendation_outcome": m.recommendation.outcome if m.recommendation else None}
            for m in matches_for_job(user=request.user, job=job)]


# --- graduates ------------------------------------------------------------------------------------


class GraduateFilters(Schema):
    org: str | None = None
    status: Graduate.Status | None = None
    major: str | None = None
    class_year: int | None = None
    q: str | None = None


@router.get("/graduates/", response=list[GraduateOut], summary="毕业生列表",
            description="调用者范围内的毕业生（党员和非党员）。status：seeking 求职中、employed 已就业、"
                        "further_study 升学、abroad 出国（境）、public_service 基层项目与公共服务、not_seeking 暂不就业。")
@paginate(PageNumberPagination)
def graduate_list(request: HttpRequest, filters: Query[GraduateFilters]):
    return selectors.graduate_list_for_user(user=request.user, org=_org(request, filters.org), status=filters.status,
                                            major=filters.major, class_year=filters.class_year, q=filters.q)


def _graduate_detail(request, g: Graduate) -> GraduateDetailOut:
    out = GraduateDetailOut.from_orm(g)
    return out.model_copy(update={"phone": selectors.phone_for(request.user, g)})


@router.get("/graduates/{int:graduate_id}", response={200: GraduateDetailOut, **_READ}, summary="毕业生详情",
            description="手机号码在调用者无权查看个人信息时为掩码。")
def graduate_detail(request: HttpRequest, graduate_id: int):
    return _graduate_detail(request, selectors.graduate_get_for_user(user=request.user, graduate_id=graduate_id))


@router.post("/graduates/", response={201: GraduateDetailOut, **_WRITE}, summary="登记毕业生")
def graduate_create(request: HttpRequest, payload: GraduateIn):
    def call():
        org = org_selectors.org_get_for_user(user=request.user, code=payload.org)
        helper = _members(request, [payload.helper_member_id], "helper_member_id")[0] \
            if payload.helper_member_id else None
        data = payload.dict(exclude={"org", "helper_member_id"})
        data["preferred_industries"] = [str(i) for i in data["preferred_industries"]]
        g = services_graduates.graduate_create(by=request.user, org=org, helper=helper, **data)
        return _graduate_detail(request, selectors.graduate_get_for_user(user=request.user, graduate_id=g.pk))

    return write(call, status=201)


@router.get("/graduates/{int:graduate_id}/matches", response={200: list[JobMatchOut], **_READ},
            summary="毕业生匹配的岗位",
            description="调用者范围内仍在招聘、未过截止日期、学历符合的岗位，按匹配分排序（前10个），附评分说明："
                        "专业40、学历20、城市25、行业10、截止5。")
def graduate_matches(request: HttpRequest, graduate_id: int):
    g = selectors.graduate_get_for_user(user=request.user, graduate_id=graduate_id)
    return [{"job": m.job, "score": m.match.score, "reasons": [r.__dict__ for r in m.match.reasons],
             "recommendation_id": m.recommendation.pk if m.recommendation else None,
             "recommendation_outcome": m.recommendation.outcome if m.recommendation else None}
            for m in matches_for_graduate(user=request.user, graduate=g)]


@router.post("/graduates/{int:graduate_id}/recommendations", response={201: RecommendationOut, **_WRITE},
             summary="向毕业生推荐岗位", description="已截止或不再招聘的岗位不能推荐（422）。")
def recommend(request: HttpRequest, graduate_id: int, payload: RecommendIn):
    g = selectors.graduate_get_for_user(user=request.user, graduate_id=graduate_id)
    job = selectors.job_get_for_user(user=request.user, job_id=payload.job_id)
    return write(lambda: services_jobs.recommendation_create(by=request.user, graduate=g, job=job), status=201)


@router.post("/recommendations/{int:recommendation_id}/outcome", response={200: RecommendationOut, **_WRITE},
             summary="记录推荐进展", description="applied、interviewed、offered、signed 或 declined；签约后毕业生记为已就业。")
def recommendation_outcome(request: HttpRequest, recommendation_id: int, payload: OutcomeIn):
    rec = selectors.recommendation_get_for_user(user=request.user, recommendation_id=recommendation_id)
    return write(lambda: services_jobs.recommendation_set_outcome(by=request.user, recommendation=rec,
                                                                   outcome=str(payload.outcome)))


@router.post("/graduates/{int:graduate_id}/contacts", response={201: dict, **_WRITE}, summary="记录帮扶联系")
def graduate_contact(request: HttpRequest, graduate_id: int, payload: ContactIn):
    g = selectors.graduate_get_for_user(user=request.user, graduate_id=graduate_id)

    def call():
        c = services_graduates.helper_contact_add(by=request.user, graduate=g, contacted_on=payload.contacted_on,
                                                  note=payload.note, next_step=payload.next_step)
        return {"id": c.pk, "contacted_on": c.contacted_on.isoformat(), "note": c.note, "next_step": c.next_step}

    return write(call, status=201)


from . import api_edit  # noqa: E402, F401  (edits, deletes and restores: on this router, beside the reads)
