"""The strengths hook of `zhibu generate`: annual plans, the 样板支部 standard, adjustments, discipline records.

Rates: every university sets a 样板支部 standard (the demo's thresholds); ~70% of branches have this year's
plan (one to three goals in each of the four categories, most linked to an indicator with a target near
the indicator's own) and ~60% last year's, reviewed in January with the score the records gave (one scorer
run per university, not per branch); ~3% of branches carry a reviewer's evidence-backed adjustment of this
year; ~1% a discipline record within the last three years. Written with bulk_create; rows satisfy the same
rules as the services' (goals' categories and indicators exist, adjustments carry a reason and evidence).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from zhibu.orgs.models import Honour
from zhibu.orgs.synthetic import SyntheticContext

from .models import (
    Adjustment,
    BenchmarkStandard,
    DisciplineRecord,
    Goal,
    Indicator,
    Plan,
    PlanCategory,
    Threshold,
)
from .scoring import ensure_defaults, score_branches

GOALS = {
    PlanCategory.ROUTINE: [("按期开展“三会一课”，党课每季度至少1次", "party_lectures", 4),
                           ("每月开展主题党日", "theme_days", 12),
                           ("党员信息全部完整准确", "member_records_complete", 100)],
    PlanCategory.KEY: [("深化共建，开展共建活动不少于4次", "cobuild_activities", 4),
                       ("融合事项“四同”全覆盖", "integration_rate", 100),
                       ("访企拓岗，拓展就业岗位不少于20个", "jobs_opened", 20)],
    PlanCategory.ASSESSMENT: [("按时召开组织生活会", "org_life_meeting", 1),
                              ("开展民主评议党员", "appraisal", 1)],
    PlanCategory.SIGNATURE: [("总结提炼支部工作法并推广", "cases_published", 1),
                             ("做好“毕业寄”，为毕业生办实事", "gradmail_parcels", 50),
                             ("创建样板支部", "", None)],
}
SUMMARIES = ["坚持党建引领，围绕中心工作，常规工作上台阶、重点工作求突破、考核工作争先进、特色工作出亮点。",
             "以“七个有力”为目标，抓实“三会一课”，深化共建，推动党建与业务深度融合。",
             "对标样板支部标准，补齐短板，打造支部特色品牌。"]
THRESHOLDS = {"party_lectures": 4, "theme_days": 10, "org_life_meeting": 1, "appraisal": 1,
              "member_records_complete": 90}
ADJUSTMENTS = [("gradmail_parcels", 20, "“毕业寄”包裹由学院统一登记，经走访核实支部党员承担打包邮寄",
                "学院“毕业寄”登记表"),
               ("deeds", 10, "支部为学生办实事的记录经现场检查核实", "现场检查记录"),
               ("party_lectures", -10, "一次党课为转发材料，未实际组织学习", "支部党课记录抽查")]


def generate(ctx: SyntheticContext) -> None:
    rng = ctx.rng("strengths")
    ensure_defaults()
    indicators = {i.code: i for i in Indicator.objects.filter(enabled=True)}
    year = ctx.today.year
    now = timezone.now()
    ctx.progress.phase("生成年度计划与对标标准", len(ctx.branches))
    standards = [BenchmarkStandard(org=u, org_path=u.path, name=f"{u.short_name or u.name}样板支部标准",
                                   min_total=Decimal(60), honour_years=3, honour_min=1,
                                   honour_levels=[Honour.Level.NATIONAL, Honour.Level.PROVINCIAL,
                                                  Honour.Level.MUNICIPAL],
                                   require_clean_record=True)
                 for u in ctx.university_orgs if not BenchmarkStandard.objects.filter(org=u).exists()]
    BenchmarkStandard.objects.bulk_create(standards)
    Threshold.objects.bulk_create([Threshold(standard=s, indicator=indicators[code], min_value=Decimal(v))
                                   for s in standards for code, v in THRESHOLDS.items() if code in indicators])
    plans: list[Plan] = []
    goals: list[list[Goal]] = []
    adjustments, records = [], []
    for n, branch in enumerate(ctx.branches, start=1):
        for plan_year, share in ((year, 0.7), (year - 1, 0.6)):
            if rng.random() < share:
                plans.append(Plan(org=branch, org_path=branch.path, year=plan_year, summary=rng.choice(SUMMARIES)))
                goals.append(_goals(rng, indicators))
        if rng.random() < 0.03:
            code, points, reason, title = rng.choice(ADJUSTMENTS)
            if code in indicators:
                adjustments.append(Adjustment(org=branch, org_path=branch.path, year=year, indicator=indicators[code],
                                              points=Decimal(points), reason=reason, evidence_title=title))
        if rng.random() < 0.01:
            when = ctx.today - dt.timedelta(days=rng.randint(30, 3 * 365))
            records.append(DisciplineRecord(org=branch, org_path=branch.path, occurred_on=when,
                                            summary="一名党员违反组织纪律，受到党内警告处分"))
        if n % 500 == 0:
            ctx.progress.advance(500)
    Plan.objects.bulk_create(plans, batch_size=ctx.batch_size)
    for plan, plan_goals in zip(plans, goals, strict=True):
        for g in plan_goals:
            g.plan = plan
    Goal.objects.bulk_create([g for gs in goals for g in gs], batch_size=ctx.batch_size)
    Adjustment.objects.bulk_create(adjustments, batch_size=ctx.batch_size)
    DisciplineRecord.objects.bulk_create(records, batch_size=ctx.batch_size)
    _review_last_year(ctx, [p for p in plans if p.year == year - 1], now=now)
    ctx.progress.advance(len(ctx.branches) % 500)
    ctx.count("年度计划", len(plans))
    ctx.count("评估调整", len(adjustments))


def _goals(rng, indicators: dict[str, Indicator]) -> list[Goal]:
    out = []
    for category, options in GOALS.items():
        for title, code, target in rng.sample(options, rng.randint(1, min(3, len(options)))):
            ind = indicators.get(code) if code else None
            out.append(Goal(category=category, ordinal=len(out) + 1, title=title, indicator=ind,
                            target_value=Decimal(target) if ind is not None else None))
    return out


def _review_last_year(ctx: SyntheticContext, plans: list[Plan], *, now) -> None:
    """Last year's plans reviewed in January with the score the records gave: one scorer run per university."""
    if not plans:
        return
    by_branch = {p.org_id: p for p in plans}
    january = min(now, now.replace(month=1, day=15, hour=10, minute=0, second=0, microsecond=0))
    for university in ctx.university_orgs:
        for score in score_branches(root=university, year=ctx.today.year - 1):
            plan = by_branch.get(score.org.pk)
            if plan is None:
                continue
            plan.review_note = "全年计划目标基本完成，“三会一课”按期开展，共建与服务工作取得实效；不足是对标样板支部仍有差距。"
            plan.reviewed_at = january
            plan.review_total = Decimal(str(score.total))
            plan.review_scores = {"by_strength": score.by_strength,
                                  "indicators": {i.code: {"value": i.value, "score": i.score} for i in score.indicators}}
    Plan.objects.bulk_update(plans, ["review_note", "reviewed_at", "review_total", "review_scores"],
                             batch_size=ctx.batch_size)
