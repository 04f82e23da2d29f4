"""Method and case endpoints, scoped like the pages (outside the scope: 404; wrong role: 403), writing through
the same services. Steps: POST /api/cases/{id}/submit, /withdraw, /endorse, /research, /reviews, /publish,
/promote."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from zhibu.core.pagination import WRITE_ERRORS, ErrorOut, FieldErrorsOut, PageNumberPagination
from zhibu.core.pagination import write as _write
from zhibu.orgs import selectors as org_selectors
from zhibu.orgs.models import Honour

from . import selectors, services

try:
    from ninja import Status
except ImportError:  # django-ninja before 1.5 takes (status, body) tuples

    def Status(status: int, body):  # noqa: N802 (stands in for the class)
        return status, body

from .formula import FormulaError, parse_formula
from .models import Adoption, WorkMethod
from .schemas import (
    AdoptionIn,
    AdoptionOut,
    CaseDetailOut,
    CaseIn,
    CaseOut,
    CasePatchIn,
    FormulaIn,
    FormulaOut,
    MethodIn,
    MethodOut,
    MethodPatchIn,
    NoteIn,
    ReachOut,
    ResearchIn,
    ReviewIn,
    ReviewOut,
    TransitionOut,
)

router = Router(tags=["工作法案例"])

_READ = {404: ErrorOut}
_WRITE = WRITE_ERRORS


class CaseFilters(Schema):
    status: str | None = None
    q: str | None = None


def _pillars(rows) -> list[services.PillarRow]:
    return [services.PillarRow(label=p.label, count=p.count, measure=p.measure, items=tuple(p.items)) for p in rows]


def _method(request, method_id: int) -> WorkMethod:
    return selectors.method_get_for_user(user=request.user, method_id=method_id)


def _case(request, case_id: int, detail: bool = False):
    return selectors.case_get_for_user(user=request.user, case_id=case_id, detail=detail)


# --- methods -----------------------------------------------------------------------------------------


@router.get("/methods/", response=list[MethodOut], summary="工作法列表")
@paginate(PageNumberPagination)
def method_list(request: HttpRequest):
    return selectors.method_list_for_user(user=request.user)


@router.get("/methods/{int:method_id}", response={200: MethodOut, **_READ}, summary="工作法详情")
def method_detail(request: HttpRequest, method_id: int):
    return _method(request, method_id)


@router.post("/methods/", response={201: MethodOut, **_WRITE}, summary="新建工作法",
             description="名称中的数字须与各组成部分的数目一致（“一三三” ↔ 1、3、3），每部分的条目数须与数目相同。")
def method_create(request: HttpRequest, payload: MethodIn):
    branch = org_selectors.org_get_for_user(user=request.user, code=payload.branch)

    def call():
        data = payload.dict(exclude={"branch", "pillars"})
        method = services.method_create(by=request.user, branch=branch, pillars=_pillars(payload.pillars), **data)
        return _method(request, method.pk)

    return _write(call, 201)


@router.patch("/methods/{int:method_id}", response={200: MethodOut, **_WRITE}, summary="修改工作法")
def method_patch(request: HttpRequest, method_id: int, payload: MethodPatchIn):
    method = _method(request, method_id)

    def call():
        data = payload.dict(exclude_unset=True, exclude={"pillars"})
        pillars = _pillars(payload.pillars) if payload.pillars is not None else None
        services.method_update(by=request.user, method=method, pillars=pillars, **data)
        return _method(request, method.pk)

    return _write(call)


@router.post("/methods/formula", response={200: FormulaOut, 422: FieldErrorsOut}, summary="识别工作法表述",
             description="把一句表述（或名称）拆成名称和各组成部分，供确认后保存。")
def formula(request: HttpRequest, payload: FormulaIn):
    try:
        f = parse_formula(payload.text)
    except FormulaError as exc:
        return Status(422, {"detail": str(exc), "errors": {"text": [str(exc)]}})
    return {"name": f.name, "approach": f.approach, "practices": f.practices, "goals": f.goals,
            "pillars": [{"label": p.label, "count": p.count, "measure": p.measure, "items": p.items}
                        for p in f.pillars]}


# --- cases -------------------------------------------------------------------------------------------


@router.get("/cases/", response=list[CaseOut], summary="案例列表",
            description="调用者可见的案例：已发布的案例，本支部的草稿，范围内已报送过的案例。")
@paginate(PageNumberPagination)
def case_list(request: HttpRequest, filters: Query[CaseFilters]):
    return selectors.case_list_for_user(user=request.user, status=filters.status, q=filters.q)


@router.get("/cases/{int:case_id}", response={200: CaseDetailOut, **_READ}, summary="案例详情")
def case_detail(request: HttpRequest, case_id: int):
    return _case(request, case_id, detail=True)


@router.post("/cases/", response={201: CaseDetailOut, **_WRITE}, summary="新建案例（草稿）")
def case_create(request: HttpRequest, payload: CaseIn):
    method = _method(request, payload.method_id)

    def call():
        case = services.case_create(by=request.user, method=method, **payload.dict(exclude={"method_id"}))
        return _case(request, case.pk, detail=True)

    return _write(call, 201)


@router.patch("/cases/{int:case_id}", response={200: CaseDetailOut, **_WRITE}, summary="修改案例草稿",
              description="只修改给出的字段；honour_ids 和 evidence 整体替换。")
def case_patch(request: HttpRequest, case_id: int, payload: CasePatchIn):
    case = _case(request, case_id)

    def call():
        data = payload.dict(exclude_unset=True, exclude={"honour_ids", "evidence", "method_id"})
        if payload.method_id is not None:
            data["method"] = _method(request, payload.method_id)
        if payload.honour_ids is not None:
            data["honours"] = list(Honour.objects.filter(pk__in=payload.honour_ids, org=case.branch))
            if len(data["honours"]) != len(set(payload.honour_ids)):
                raise ValidationError({"honour_ids": "有的荣誉不属于本支部"})
        services.case_update(by=request.user, case=case, **data)
        if payload.evidence is not None:
            services.case_evidence_set(by=request.user, case=case, records=[(r.kind, r.id) for r in payload.evidence])
        return _case(request, case.pk, detail=True)

    return _write(call)


def _step(name: str, summary: str):
    service = getattr(services, f"case_{name}")

    def endpoint(request: HttpRequest, case_id: int, payload: NoteIn):
        case = _case(request, case_id)
        return _write(lambda: (service(case=case, by=request.user, note=payload.note), _case(request, case.pk))[1])

    endpoint.__name__ = f"case_{name}"
    router.post(f"/cases/{{int:case_id}}/{name}", response={200: CaseOut, **_WRITE}, summary=summary)(endpoint)


_step("submit", "提交（支部 → 学校）")
_step("withdraw", "撤回")
_step("endorse", "推荐（学校 → 上级）")
_step("publish", "发布到案例库")
_step("promote", "列为推广案例")


@router.post("/cases/{int:case_id}/research", response={200: CaseOut, **_WRITE}, summary="登记调研座谈会")
def case_research(request: HttpRequest, case_id: int, payload: ResearchIn):
    case = _case(request, case_id)

    def call():
        meeting = selectors.research_meeting_get(user=request.user, case=case, meeting_id=payload.meeting_id)
        services.case_research(case=case, by=request.user, meeting=meeting, note=payload.note)
        return _case(request, case.pk)

    try:
        return _write(call)
    except Http404:
        return Status(422, {"detail": "没有找到该调研座谈会", "errors": {"meeting_id": ["没有找到该调研座谈会"]}})


@router.get("/cases/{int:case_id}/timeline", response={200: list[TransitionOut], **_READ}, summary="流转记录")
def case_timeline(request: HttpRequest, case_id: int):
    return selectors.case_timeline(case=_case(request, case_id))


@router.get("/cases/{int:case_id}/reviews", response={200: list[ReviewOut], **_READ}, summary="点评意见（各轮）")
def review_list(request: HttpRequest, case_id: int):
    return selectors.case_reviews(case=_case(request, case_id))


@router.post("/cases/{int:case_id}/reviews", response={201: ReviewOut, **_WRITE}, summary="点评评审",
             description="decision=approve 通过；revise 退回修改（案例回到草稿，本轮意见保留）。")
def review_create(request: HttpRequest, case_id: int, payload: ReviewIn):
    case = _case(request, case_id)
    return _write(lambda: services.case_review(case=case, by=request.user, overall=payload.overall,
                                               decision=payload.decision, section_comments=payload.section_comments),
                  201)


@router.get("/cases/{int:case_id}/adoptions", response={200: list[AdoptionOut], **_READ}, summary="借鉴推广记录")
def adoption_list(request: HttpRequest, case_id: int):
    return selectors.adoption_list(case=_case(request, case_id))


@router.post("/cases/{int:case_id}/adoptions", response={201: AdoptionOut, **_WRITE}, summary="登记借鉴",
             description="只能借鉴已发布的案例；借鉴支部须由调用者管理。")
def adoption_create(request: HttpRequest, case_id: int, payload: AdoptionIn):
    case = _case(request, case_id)
    branch = org_selectors.org_get_for_user(user=request.user, code=payload.branch)

    def call():
        via = None
        if payload.via_id is not None:
            via = Adoption.objects.filter(pk=payload.via_id, case=case).select_related("branch").first()
            if via is None:
                raise ValidationError({"via_id": "没有找到该借鉴记录"})
        return services.adoption_create(by=request.user, case=case, branch=branch, via=via,
                                        adopted_on=payload.adopted_on, adaptation=payload.adaptation,
                                        outcomes=payload.outcomes, outcomes_on=payload.outcomes_on)

    return _write(call, 201)


@router.get("/cases/{int:case_id}/reach", response={200: ReachOut, **_READ}, summary="辐射带动",
            description="借鉴次数、支部数、高校数、城市数和传播层级（再借鉴的最长链条）。")
def case_reach(request: HttpRequest, case_id: int):
    return selectors.case_reach(case=_case(request, case_id))
