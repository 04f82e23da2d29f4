"""Reads of branch assessment.

`scores_for_scope` and `branch_score` take an organisation the caller has already checked (the dashboard
calls them after its own scope check); the `*_for_user` functions check the acting user's scope: outside
it, Http404.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from zhibu.core import metrics
from zhibu.core.paths import path_ids, subtree_q
from zhibu.orgs.models import Org, Role
from zhibu.orgs.selectors import can_manage, org_get_for_user, scope_for_user

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
from .scoring import (
    BranchScore,
    IndicatorScore,
    average_score,
    ensure_defaults,
    indicators_enabled,
    score_branches,
)

__all__ = ["BranchScore", "IndicatorScore", "scores_for_scope", "branch_score", "indicators_enabled"]


def scores_for_scope(*, org: Org, year: int) -> list[BranchScore]:
    """Every branch under `org` (itself when it is a branch), in tree order; a fixed number of queries."""
    return score_branches(root=org, year=year)


def branch_score(*, org: Org, year: int) -> BranchScore:
    """The branch's score; for a higher organisation, the mean over its branches (`branch_count` of them)."""
    scores = score_branches(root=org, year=year)
    if org.kind == Org.Kind.BRANCH and scores:
        return scores[0]
    return average_score(org=org, year=year, scores=scores)


def ranking(scores: list[BranchScore]) -> list[BranchScore]:
    return sorted(scores, key=lambda s: (-s.total, s.org.path))


# --- access --------------------------------------------------------------------------------------------


def org_for_user(*, user, code: str) -> Org:
    org = org_get_for_user(user=user, code=code)
    if org.kind == Org.Kind.GROUP:
        raise Http404("党小组不单独评估")
    return org


def branch_for_user(*, user, code: str) -> Org:
    org = org_for_user(user=user, code=code)
    if org.kind != Org.Kind.BRANCH:
        raise Http404("该组织不是党支部")
    return org


def can_adjust(user, branch: Org) -> bool:
    """Reviewers and organisation administrators at a level above the branch (never the branch itself)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    above = path_ids(branch.path)[:-1]
    return Role.objects.filter(user=user, org_id__in=above, org__deleted_at__isnull=True,
                               kind__in=[Role.Kind.REVIEWER, Role.Kind.ORG_ADMIN]).exists()


def can_edit_plan(user, branch: Org) -> bool:
    return can_manage(user, branch.path)


def can_edit_indicators(user) -> bool:
    """Indicators bind every organisation in the system: system administrators only."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def can_edit_standard(user, org: Org) -> bool:
    return org.kind != Org.Kind.BRANCH and can_manage(user, org.path)


# --- plans ---------------------------------------------------------------------------------------------


def plan_for(*, org: Org, year: int) -> Plan | None:
    goals = Goal.objects.select_related("indicator").order_by("category", "ordinal", "id")
    return (Plan.objects.filter(org=org, year=year).select_related("created_by")
            .prefetch_related(Prefetch("goals", queryset=goals)).first())


def plan_results(plan: Plan, score: BranchScore) -> list[dict]:
    """Each goal with its result from the records: the linked indicator's value this year, met or not."""
    by_code = {i.code: i for i in score.indicators}
    rows = []
    for g in ordered_goals(plan):
        ind = by_code.get(g.indicator.code) if g.indicator_id else None
        value = ind.value if ind else None
        met = None
        if g.indicator_id:
            met = value is not None and g.target_value is not None and value >= float(g.target_value)
        rows.append({"goal": g, "indicator": ind, "value": value, "met": met,
                     "records_url": ind.records_url if ind else ""})
    return rows


def ordered_goals(plan: Plan) -> list[Goal]:
    """The plan's goals in the four categories' order (常规、重点、考核、特色), then as entered."""
    order = {c: n for n, c in enumerate(PlanCategory.values)}
    return sorted(plan.goals.all(), key=lambda g: (order.get(g.category, 9), g.ordinal, g.pk))


def plans_for_org(*, org: Org) -> QuerySet[Plan]:
    return Plan.objects.filter(org=org).order_by("-year")


# --- adjustments ---------------------------------------------------------------------------------------


def adjustment_get_for_user(*, user, adjustment_id: int) -> Adjustment:
    a = Adjustment.objects.select_related("org", "indicator").filter(pk=adjustment_id).first()
    if a is None or not scope_for_user(user).contains(a.org_path):
        raise Http404("没有找到该调整")
    return a


# --- benchmark -----------------------------------------------------------------------------------------


def standard_for(org: Org) -> BenchmarkStandard | None:
    """The standard that applies to `org`: set at the nearest committee at or above it."""
    ids = path_ids(org.path)
    rows = list(BenchmarkStandard.objects.filter(org_id__in=ids).select_related("org")
                .prefetch_related(Prefetch("thresholds", queryset=Threshold.objects.select_related("indicator"))))
    if not rows:
        return None
    return max(rows, key=lambda s: len(s.org_path))


def honours_by_org(*, root: Org, first_year: int, last_year: int, levels: list[str]) -> dict[int, int]:
    """Honours of `levels` (all when empty) awarded in the years, by owning org: one metric call per level."""
    codes = [f"orgs.honours.{lv}" for lv in levels] if levels else ["orgs.honours"]
    start, end = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
    found: dict[int, int] = defaultdict(int)
    for code in codes:
        for org_id, n in metrics.values(code, under=root.path, start=start, end=end).items():
            found[int(org_id)] += int(n)
    return found


def discipline_by_org(*, root: Org, first_year: int, last_year: int) -> dict[int, int]:
    rows = (DisciplineRecord.objects.filter(subtree_q("org_path", root.path),
                                            occurred_on__gte=dt.date(first_year, 1, 1),
                                            occurred_on__lte=dt.date(last_year, 12, 31))
            .values("org_id").annotate(n=Count("id")).order_by())
    return {r["org_id"]: r["n"] for r in rows}


def discipline_records(*, org: Org) -> QuerySet[DisciplineRecord]:
    return DisciplineRecord.objects.filter(org=org).select_related("created_by").order_by("-occurred_on")


def indicator_list() -> QuerySet[Indicator]:
    ensure_defaults()
    return Indicator.objects.order_by("ordinal", "code")


def visible_q(user) -> Q:
    return scope_for_user(user).q("org_path")
