"""党员考评的接口：实事、积分、民主评议党员。Scoped exactly like the pages (outside the scope: 404)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from zhibu.core.pagination import WRITE_ERRORS as _WRITE
from zhibu.core.pagination import ErrorOut, PageNumberPagination
from zhibu.core.pagination import write as _write
from zhibu.orgs import selectors as org_selectors
from zhibu.orgs.models import Member

from . import points, selectors, services, services_appraisal
from .models import Deed, Grade, MemberAppraisal

router = Router(tags=["党员考评"])
_READ = {403: ErrorOut, 404: ErrorOut}


def _year(year: int | None) -> int:
    return year or timezone.localdate().year


# --- deeds ----------------------------------------------------------------------------------------


class DeedFilters(Schema):
    org: str | None = Field(None, description="组织编码：该组织及下级组织党员的实事；不在范围内时返回 404")
    year: int | None = Field(None, description="年度")
    status: Deed.Status | None = Field(None, description="pending 待确认 或 confirmed 已确认")
    category: Deed.Category | None = None


class DeedOut(Schema):
    id: int
    member_id: int
    member_name: str
    org_code: str
    date: dt.date
    title: str
    category: Deed.Category
    category_label: str
    hours: Decimal
    beneficiaries: int
    beneficiary_note: str
    status: Deed.Status
    confirmed_via: str = Field(description="beneficiary 服务对象、secretary 支部、record 业务记录；未确认为空")
    source_kind: str = Field(description="由业务记录生成时为记录类型，如 gradmail.shift")
    source_url: str

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.name

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_category_label(obj):
        return obj.get_category_display()


class DeedIn(Schema):
    date: dt.date
    title: str
    category: Deed.Category
    hours: Decimal = Decimal(0)
    beneficiaries: int = 0
    beneficiary_note: str = ""
    member_id: int | None = Field(None, description="为本支部党员登记时填写（书记、支委）；不填为本人")


class ConfirmIn(Schema):
    note: str = ""


@router.get("/deeds/", response=list[DeedOut], summary="实事列表",
            description="党员看到本人的实事；书记、支委和上级看到范围内党员的实事。")
@paginate(PageNumberPagination)
def deed_list(request: HttpRequest, filters: Query[DeedFilters]):
    org = org_selectors.org_get_for_user(user=request.user, code=filters.org) if filters.org else None
    return selectors.deed_list_for_user(user=request.user, org=org, year=filters.year, status=filters.status,
                                        category=filters.category)


@router.post("/deeds/", response={201: DeedOut, **_WRITE}, summary="登记实事", description="登记后待确认。")
def deed_create(request: HttpRequest, payload: DeedIn):
    def call():
        if payload.member_id is not None:
            member = Member.objects.filter(pk=payload.member_id).first()
            if member is None or not org_selectors.scope_for_user(request.user).contains(member.org_path):
                raise ValidationError({"member_id": "没有找到该党员"})
        else:
            member = selectors.member_for_user(request.user)
            if member is None:
                raise PermissionDenied("您的账号未关联党员信息，不能登记实事")
        data = payload.dict(exclude={"member_id"})
        return services.deed_log(by=request.user, member=member, **data)

    return _write(call, 201)


@router.post("/deeds/{int:deed_id}/confirm", response={200: DeedOut, **_WRITE}, summary="支部确认实事",
             description="本支部书记、支委确认；不能确认本人的实事，已确认的不能重复确认（422）。")
def deed_confirm(request: HttpRequest, deed_id: int, payload: ConfirmIn):
    deed = selectors.deed_get_for_user(user=request.user, deed_id=deed_id)
    return _write(lambda: services.deed_confirm(by=request.user, deed=deed, note=payload.note))


# --- points ---------------------------------------------------------------------------------------


class PointsRowOut(Schema):
    member_id: int
    name: str
    status: str
    org_id: int
    total: Decimal
    rank: int = Field(description="支部内排名")
    branch_size: int
    rules: dict[str, Decimal] = Field(description="按规则类型计入的积分")

    @staticmethod
    def resolve_rules(obj):
        return {k: v.points for k, v in obj.rules.items()}


class LedgerLineOut(Schema):
    date: dt.date | None
    kind: str
    rule_code: str
    rule_label: str
    record: str
    record_url: str
    quantity: Decimal
    points: Decimal
    capped: bool
    note: str


class RuleTotalOut(Schema):
    kind: str
    label: str
    quantity: Decimal
    raw: Decimal = Field(description="按规则计算、封顶前的分值")
    points: Decimal
    capped: bool


class LedgerOut(Schema):
    member_id: int
    name: str
    year: int
    total: Decimal
    rank: int
    totals: list[RuleTotalOut]
    lines: list[LedgerLineOut]


def _oversee(request, code: str):
    try:
        return selectors.org_for_oversight(user=request.user, code=code)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc


@router.get("/points/", response=list[PointsRowOut], summary="积分（合计与支部内排名）",
            description="组织及下级党支部党员的年度积分，按支部和排名排序。党员只能看本人的积分（403）。")
@paginate(PageNumberPagination)
def points_list(request: HttpRequest, org: str, year: int | None = None):
    o = _oversee(request, org)
    return points.PointsRanking(under=o.path, year=_year(year))


@router.get("/points/{int:member_id}", response={200: LedgerOut, **_READ}, summary="积分明细",
            description="每一分的来源：哪条记录、哪条规则、是否封顶。党员只能看本人的明细。")
def points_ledger(request: HttpRequest, member_id: int, year: int | None = None):
    member = selectors.ledger_member_get_for_user(user=request.user, member_id=member_id)
    y = _year(year)
    ledger = points.points_ledger(member=member, year=y)
    return {"member_id": member.pk, "name": member.name, "year": y, "total": ledger.total,
            "rank": points.member_points(member=member, year=y).rank, "totals": ledger.totals, "lines": ledger.lines}


# --- appraisals -----------------------------------------------------------------------------------


class AppraisalOut(Schema):
    id: int
    org_code: str
    year: int
    status: MemberAppraisal.Status
    share: str = Field(description="优秀比例上限，如 1/3")
    voted: int = Field(description="已投票人数（不含任何投票内容）")
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_share(obj):
        return f"{obj.share_num}/{obj.share_den}"


class CandidateOut(Schema):
    member_id: int
    name: str
    votes: dict[str, int] | None = Field(description="各等次票数；投票结束前为 null")
    points: Decimal | None
    grade: Grade | None = Field(description="支部确定的等次；确定前为 null")


class AppraisalDetailOut(AppraisalOut):
    candidates: list[CandidateOut]


@router.get("/appraisals/", response=list[AppraisalOut], summary="民主评议党员列表")
@paginate(PageNumberPagination)
def appraisal_list(request: HttpRequest, org: str | None = None, year: int | None = None):
    o = org_selectors.org_get_for_user(user=request.user, code=org) if org else None
    return selectors.appraisal_list_for_user(user=request.user, org=o, year=year)


@router.get("/appraisals/{int:appraisal_id}", response={200: AppraisalDetailOut, **_READ},
            summary="民主评议党员详情", description="票数和积分只在投票结束后提供。")
def appraisal_detail(request: HttpRequest, appraisal_id: int):
    a = selectors.appraisal_get_for_user(user=request.user, appraisal_id=appraisal_id)
    a = selectors.appraisal_list_for_user(user=request.user).get(pk=a.pk)
    visible = a.results_visible
    a.candidates = [
        {"member_id": row["member"].pk, "name": row["name"], "votes": row["votes"] if visible else None,
         "points": row["points"] if visible else None, "grade": row["grade"] or None}
        for row in selectors.appraisal_board(appraisal=a)
    ]
    return a


# --- appraisal writes: the same services as the pages ------------------------------------------------


class AppraisalIn(Schema):
    org: str = Field(description="党支部编码")
    year: int
    share_num: int = Field(1, description="优秀比例上限的分子")
    share_den: int = Field(3, description="优秀比例上限的分母")
    note: str = ""


class SelfIn(Schema):
    text: str = Field(description="个人自评")


class BallotIn(Schema):
    votes: dict[int, str] = Field(description="除本人外每名参评党员的等次：{党员编号: excellent|qualified|basic|unqualified}")


class GradesIn(Schema):
    grades: dict[int, str] = Field(description="每名参评党员的确定等次：{党员编号: 等次}")


class DoneOut(Schema):
    detail: str


def _appraisal(request, appraisal_id: int) -> MemberAppraisal:
    return selectors.appraisal_get_for_user(user=request.user, appraisal_id=appraisal_id)


def _listed(request, appraisal: MemberAppraisal) -> MemberAppraisal:
    """The appraisal as the list shows it (with its count of voters)."""
    return selectors.appraisal_list_for_user(user=request.user).get(pk=appraisal.pk)


@router.post("/appraisals/", response={201: AppraisalOut, **_WRITE}, summary="发起民主评议",
             description="支部书记或上级组织管理员为党支部发起年度民主评议，本支部正式党员为参评人。")
def appraisal_open(request: HttpRequest, payload: AppraisalIn):
    org = org_selectors.org_get_for_user(user=request.user, code=payload.org)
    return _write(lambda: _listed(request, services_appraisal.appraisal_open(
        by=request.user, org=org, year=payload.year, share_num=payload.share_num, share_den=payload.share_den,
        note=payload.note)), 201)


@router.post("/appraisals/{int:appraisal_id}/self", response={200: DoneOut, **_WRITE}, summary="提交个人自评")
def appraisal_self(request: HttpRequest, appraisal_id: int, payload: SelfIn):
    a = _appraisal(request, appraisal_id)

    def save():
        services_appraisal.appraisal_self_assess(by=request.user, appraisal=a, text=payload.text)
        return {"detail": "自评已保存"}

    return _write(save)


@router.post("/appraisals/{int:appraisal_id}/ballot", response={200: DoneOut, **_WRITE}, summary="投票（不记名）",
             description="每名参评党员投一次票，为除本人外的每名参评党员选择等次。系统只记录已投票，不记录选择。")
def appraisal_ballot(request: HttpRequest, appraisal_id: int, payload: BallotIn):
    a = _appraisal(request, appraisal_id)

    def vote():
        services_appraisal.appraisal_vote(by=request.user, appraisal=a, ballot=dict(payload.votes))
        return {"detail": "选票已提交"}

    return _write(vote)


@router.post("/appraisals/{int:appraisal_id}/close", response={200: AppraisalOut, **_WRITE}, summary="结束投票")
def appraisal_close(request: HttpRequest, appraisal_id: int):
    a = _appraisal(request, appraisal_id)
    return _write(lambda: _listed(request, services_appraisal.appraisal_close(by=request.user, appraisal=a)))


@router.post("/appraisals/{int:appraisal_id}/decide", response={200: AppraisalOut, **_WRITE}, summary="确定等次",
             description="投票结束后由支部确定每名党员的等次；优秀不超过比例上限。确定后锁定。")
def appraisal_decide(request: HttpRequest, appraisal_id: int, payload: GradesIn):
    a = _appraisal(request, appraisal_id)
    return _write(lambda: _listed(request, services_appraisal.appraisal_decide(by=request.user, appraisal=a,
                                                                               grades=dict(payload.grades))))
