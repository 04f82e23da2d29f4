"""支部评估的接口：“七个有力”得分、年度计划与对标样板支部。按调用者范围过滤，范围外返回 404。"""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from zhibu.core.pagination import MAX_PAGE_SIZE, ErrorOut, _page_url

from . import benchmark, selectors
from .forms import default_year
from .models import STRENGTH_CODES
from .scoring import BranchScore, IndicatorScore

router = Router(tags=["支部评估"])
_READ = {404: ErrorOut}


class IndicatorOut(Schema):
    code: str
    label: str
    strength: str
    unit: str
    value: float | None = Field(description="由记录计算的数值；比率的分母为0时为 null")
    target: float
    weight: float = Field(description="权重，启用指标合计100")
    score: float = Field(description="得分0至100（含调整）")
    raw_score: float = Field(description="调整前得分")
    adjustment: float = Field(description="评审调整分值合计")
    citation: str
    records_url: str = Field(description="构成该数值的记录")


class AdjustmentOut(Schema):
    id: int
    indicator: str
    points: float
    reason: str
    evidence: str
    by: str | None
    created_at: dt.datetime


class StrengthOut(Schema):
    label: str
    score: float
    indicators: list[IndicatorOut]


class BranchSummaryOut(Schema):
    rank: int
    org: str
    name: str
    total: float
    by_strength: dict[str, float] = Field(description="七个方面得分，键为 educate_members 等")


class BranchPageOut(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    items: list[BranchSummaryOut]


class StrengthsOut(Schema):
    org: str
    name: str
    kind: Literal["branch", "scope"] = Field(description="branch：支部本身的得分；scope：下属各支部的得分")
    year: int
    total: float = Field(description="支部总分；上级组织为下属支部平均分")
    by_strength: dict[str, float]
    strengths: dict[str, StrengthOut] | None = Field(None, description="仅支部：七个方面，键为七个编码")
    adjustments: list[AdjustmentOut] | None = Field(None, description="仅支部：评审调整")
    branches: BranchPageOut | None = Field(None, description="仅上级组织：下属支部得分，按总分排名分页")


def _indicator(i: IndicatorScore) -> dict:
    return {"code": i.code, "label": i.label, "strength": i.strength, "unit": i.unit, "value": i.value,
            "target": i.target, "weight": i.weight, "score": i.score, "raw_score": i.raw_score,
            "adjustment": i.adjustment, "citation": i.citation, "records_url": i.records_url}


def _branch(score: BranchScore) -> dict:
    return {
        "org": score.org.code, "name": score.org.name, "kind": "branch", "year": score.year, "total": score.total,
        "by_strength": score.by_strength,
        "strengths": {code: {"label": label, "score": value, "indicators": [_indicator(i) for i in items]}
                      for code, label, value, items in score.strengths()},
        "adjustments": [{"id": a.pk, "indicator": a.indicator.code, "points": float(a.points), "reason": a.reason,
                         "evidence": a.evidence_title, "by": a.created_by.username if a.created_by else None,
                         "created_at": a.created_at} for a in score.adjustments],
    }


def _page(request, items: list, page: int, page_size: int) -> tuple[list, dict]:
    size = min(max(page_size, 1), MAX_PAGE_SIZE)
    page = max(page, 1)
    offset = (page - 1) * size
    count = len(items)
    return items[offset:offset + size], {
        "count": count, "page": page, "page_size": size,
        "next": _page_url(request, page + 1) if offset + size < count else None,
        "previous": _page_url(request, min(page - 1, max(1, -(-count // size)))) if page > 1 else None,
    }


@router.get("/assessments/strengths", response={200: StrengthsOut, **_READ}, summary="“七个有力”得分",
            description="org 为党支部时返回其七个方面（键为 " + "、".join(STRENGTH_CODES) + "）的指标、数值、目标、权重与调整；"
                        "为上级组织时返回下属各支部的得分（按总分排名，分页）。")
def strengths(request: HttpRequest, org: str, year: int | None = None, page: int = 1, page_size: int = 50):
    target = selectors.org_for_user(user=request.user, code=org)
    year = year or default_year()
    if target.kind == target.Kind.BRANCH:
        return _branch(selectors.branch_score(org=target, year=year))
    scores = selectors.ranking(selectors.scores_for_scope(org=target, year=year))
    average = selectors.average_score(org=target, year=year, scores=scores)
    ranked = list(enumerate(scores, start=1))
    items, meta = _page(request, ranked, page, page_size)
    return {
        "org": target.code, "name": target.name, "kind": "scope", "year": year, "total": average.total,
        "by_strength": average.by_strength,
        "branches": {**meta, "items": [{"rank": n, "org": s.org.code, "name": s.org.name, "total": s.total,
                                        "by_strength": s.by_strength} for n, s in items]},
    }


class GoalOut(Schema):
    category: str
    category_label: str
    title: str
    indicator: str | None
    target_value: float | None
    value: float | None = Field(description="年度实际值（来自记录）")
    met: bool | None = Field(description="是否完成；不关联指标的为 null")


class PlanOut(Schema):
    org: str
    year: int
    summary: str
    goals: list[GoalOut]
    review_note: str
    reviewed_at: dt.datetime | None
    review_total: float | None


@router.get("/assessments/strengths/plans", response={200: PlanOut, **_READ}, summary="支部年度工作计划",
            description="计划的四类目标及其由记录得出的完成情况；尚未制定时返回 404。")
def plan(request: HttpRequest, org: str, year: int):
    branch = selectors.branch_for_user(user=request.user, code=org)
    p = selectors.plan_for(org=branch, year=year)
    if p is None:
        return Status(404, {"detail": "该支部尚未制定本年度计划"})
    rows = selectors.plan_results(p, selectors.branch_score(org=branch, year=year))
    return {
        "org": branch.code, "year": year, "summary": p.summary, "review_note": p.review_note,
        "reviewed_at": p.reviewed_at, "review_total": float(p.review_total) if p.review_total is not None else None,
        "goals": [{"category": r["goal"].category, "category_label": r["goal"].get_category_display(),
                   "title": r["goal"].title, "indicator": r["goal"].indicator.code if r["goal"].indicator_id else None,
                   "target_value": float(r["goal"].target_value) if r["goal"].target_value is not None else None,
                   "value": r["value"], "met": r["met"]} for r in rows],
    }


class CheckOut(Schema):
    label: str
    required: str
    actual: str
    met: bool


class BenchmarkBranchOut(Schema):
    org: str
    name: str
    total: float
    meets: bool
    gaps: int
    checks: list[CheckOut]


class BenchmarkOut(Schema):
    org: str
    year: int
    standard: str | None = Field(description="适用的样板支部标准（制定单位·名称）；未设置时为 null")
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    items: list[BenchmarkBranchOut] = Field(description="按与标准的差距由小到大排列")


@router.get("/assessments/strengths/benchmark", response={200: BenchmarkOut, **_READ}, summary="对标样板支部",
            description="支部：是否达到标准及差距；上级组织：下属支部按差距由小到大排列（分页）。")
def benchmark_view(request: HttpRequest, org: str, year: int | None = None, page: int = 1, page_size: int = 50):
    target = selectors.org_for_user(user=request.user, code=org)
    year = year or default_year()
    standard = selectors.standard_for(target)
    results = []
    if standard is not None:
        scores = selectors.scores_for_scope(org=target, year=year)
        results = benchmark.closest(benchmark.evaluate(standard=standard, root=target, year=year, scores=scores))
    items, meta = _page(request, results, page, page_size)
    return {
        "org": target.code, "year": year, **meta,
        "standard": f"{standard.org.display_name}·{standard.name}" if standard else None,
        "items": [{"org": r.org.code, "name": r.org.name, "total": r.score.total, "meets": r.meets,
                   "gaps": len(r.gaps), "checks": [c.__dict__ for c in r.checks]} for r in items],
    }

