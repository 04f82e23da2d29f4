"""Compliance endpoints: each branch's status per standardisation rule, scoped exactly like the pages
(an organisation outside the caller's scope is a 404)."""

import datetime as dt
import re
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from zhibu.core.pagination import ErrorOut, PageNumberPagination
from zhibu.orgs.selectors import org_get_for_user

from .models import Rule
from .rules import BranchResult, Period, compliance_compute, compliance_units, rules_enabled

router = Router(tags=["标准化"])

Status = Literal["met", "missing", "open"]
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class ComplianceQuery(PageNumberPagination.Input):
    org: str = Field(description="组织编码：检查该组织及其下级组织中规则适用的支部")
    year: int | None = Field(None, ge=2000, le=2100, description="年度，默认今年；给出 start/end 时不用")
    start: str | None = Field(None, description="起始月份 YYYY-MM(按月份区间检查时)")
    end: str | None = Field(None, description="截止月份 YYYY-MM，默认同 start")


class SlotOut(Schema):
    key: str = Field(description="周期编码，如 2025-03、2025-Q1、2025-H1、2025；现状检查为检查日期")
    label: str = Field(description="周期名称，如 2025年3月")
    start: dt.date
    end: dt.date
    status: Status
    required: int = Field(description="应完成")
    done: int = Field(description="已完成")


class RuleStatusOut(Schema):
    code: str = Field(description="规则编码")
    status: Status = Field(description="met 达标；missing 未达标（已截止的周期不足）；open 本期尚未完成、仍在期限内")
    required: int = Field(description="应完成：按期规则为各周期之和；委员会设置为最少人数；支部规模为人数上限")
    done: int = Field(description="已完成：按期规则每个周期最多计应完成数；委员会设置为现有人数；支部规模为党员人数")
    note: str = Field(description="说明，如 任期将于2027年6月20日届满")
    slots: list[SlotOut]


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    category: str
    status: Status | None = Field(description="各规则中最差的状态；没有适用规则时为 null")
    rules: list[RuleStatusOut]


class RuleOut(Schema):
    code: str
    name: str
    check_type: str
    meeting_kind: str
    period: str
    min_count: int
    attendance_threshold: float | None
    attendance_base: str
    applies_to_kinds: list[str]
    applies_to_categories: list[str]
    effective_from: dt.date | None
    effective_to: dt.date | None
    citation: str


class OrgRef(Schema):
    code: str
    name: str


class PeriodOut(Schema):
    start: dt.date
    end: dt.date


class ComplianceOut(PageNumberPagination.Output):
    org: OrgRef
    period: PeriodOut
    as_of: dt.date = Field(description="检查日期（北京时间）")
    rules: list[RuleOut] = Field(description="参与检查的规则")
    items: list[UnitOut] = Field(description="本页的支部")


def _period(q: ComplianceQuery) -> Period:
    if q.start or q.end:
        start, end = q.start or q.end, q.end or q.start
        if not MONTH_RE.match(start) or not MONTH_RE.match(end):
            raise HttpError(422, "月份格式应为 YYYY-MM")
        try:
            return Period.between(dt.date.fromisoformat(start + "-01"), dt.date.fromisoformat(end + "-01"))
        except ValidationError as exc:
            raise HttpError(422, exc.messages[0]) from exc
    return Period.year(q.year or timezone.localdate().year)


def _unit(b: BranchResult) -> dict:
    return {
        "code": b.org.code, "name": b.org.name, "kind": b.org.kind, "category": b.org.category, "status": b.status,
        "rules": [
            {"code": code, "status": r.status, "required": r.required, "done": r.done, "note": r.note,
             "slots": [{"key": s.slot.key, "label": s.slot.label, "start": s.slot.start, "end": s.slot.end,
                        "status": s.status, "required": s.required, "done": s.done} for s in r.slots]}
            for code, r in b.results.items()
        ],
    }


def _rule(r: Rule) -> dict:
    out = {f: getattr(r, f) for f in RuleOut.model_fields}
    out["attendance_threshold"] = float(r.attendance_threshold) if r.attendance_threshold is not None else None
    return out


@router.get(
    "/compliance",
    response={200: ComplianceOut, 404: ErrorOut, 422: ErrorOut},
    summary="标准化检查",
    description=(
        "按标准化规则检查组织及其下级的支部：每个支部、每条规则的状态(met / missing / open)、应完成数、"
        "已完成数和各周期明细。按支部分页，一页最多 200 个。范围外的组织返回 404。"
    ),
)
def compliance(request: HttpRequest, filters: Query[ComplianceQuery]):
    org = org_get_for_user(user=request.user, code=filters.org)
    period = _period(filters)
    rules = rules_enabled()
    page = PageNumberPagination().paginate_queryset(compliance_units(org=org, rules=rules), filters, request)
    result = compliance_compute(branches=page["items"], period=period, rules=rules)
    page["items"] = [_unit(b) for b in result.branches]
    return {
        **page,
        "org": {"code": org.code, "name": org.name},
        "period": {"start": period.first, "end": period.end},
        "as_of": result.today,
        "rules": [_rule(r) for r in rules],
    }


@router.get("/compliance/rules", response=list[RuleOut], summary="标准化规则",
            description="启用中的标准化规则及其依据。")
def rule_list(request: HttpRequest):
    return [_rule(r) for r in rules_enabled()]
