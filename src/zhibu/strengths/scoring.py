"""The "七个有力" scorer: every branch of a subtree in a fixed number of queries.

One query for the subtree's branches, one for its groups, one for the indicators, one for the year's
adjustments, then ONE `metrics.values` call per metric code for the whole subtree; each count is rolled up
from its owning org (a branch or one of its groups) to the branch in Python. Nothing runs per branch.

An indicator's value is its numerator's count, or numerator ÷ denominator × scale for a rate; its score
is min(value ÷ target, 1) × 100, plus any reviewers' adjustments, kept within 0–100. A strength's score
is the weighted mean of its indicators' scores; the total is the weighted mean of all (weights sum to 100).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from zhibu.core import metrics
from zhibu.core.paths import subtree_q
from zhibu.orgs.models import Org

from .defaults import default_rows
from .models import STRENGTH_CODES, Adjustment, Indicator, Strength

ORG_FIELDS = ("id", "path", "depth", "kind", "category", "code", "name", "short_name", "parent_id")


@dataclass(slots=True)
class IndicatorScore:
    code: str
    label: str
    strength: str
    unit: str
    value: float | None
    target: float
    weight: float
    score: float  # after adjustments, 0–100
    citation: str
    numerator: float = 0.0
    denominator: float | None = None
    raw_score: float = 0.0
    adjustment: float = 0.0
    org: Org | None = None
    year: int = 0
    metric: str = ""

    @property
    def strength_label(self) -> str:
        return Strength(self.strength).label

    @property
    def met(self) -> bool:
        return self.value is not None and self.value >= self.target

    @property
    def records_url(self) -> str:
        """Where the records behind the number are listed: the record app's own page when it has one,
        else this app's page of the contributing organisations."""
        m = metrics.get(self.metric)
        if m is not None and m.records_url is not None and self.org is not None:
            start, end = year_bounds(self.year)
            return m.records_url(org=self.org, start=start, end=end)
        if self.org is None:
            return ""
        return reverse("strengths:drill", args=[self.org.code, self.code]) + f"?year={self.year}"


@dataclass(slots=True)
class BranchScore:
    org: Org
    year: int
    total: float
    by_strength: dict[str, float]
    indicators: list[IndicatorScore]
    adjustments: list[Adjustment] = field(default_factory=list)
    branch_count: int = 1  # for a higher org's average

    def strengths(self) -> list[tuple[str, str, float, list[IndicatorScore]]]:
        """(code, label, score, indicators) in the glossary's order, for pages and exports."""
        by = defaultdict(list)
        for i in self.indicators:
            by[i.strength].append(i)
        return [(c, Strength(c).label, self.by_strength.get(c, 0.0), by[c]) for c in STRENGTH_CODES]


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def ensure_defaults() -> None:
    """Put the default indicators back when the table is empty (a database flushed after migrating)."""
    if not Indicator.objects.exists():
        Indicator.objects.bulk_create([Indicator(**row) for row in default_rows()], ignore_conflicts=True)


def indicators_enabled() -> list[Indicator]:
    rows = list(Indicator.objects.filter(enabled=True).order_by("ordinal", "code"))
    if not rows and not Indicator.objects.exists():
        ensure_defaults()
        rows = list(Indicator.objects.filter(enabled=True).order_by("ordinal", "code"))
    return rows


def metric_totals(*, root: Org, year: int, codes, owner_to_branch: dict[int, int]) -> dict[str, dict[int, float]]:
    """{code: {branch id: count}}: one metrics call per code for the whole subtree, rolled up in Python."""
    start, end = year_bounds(year)
    totals: dict[str, dict[int, float]] = {}
    for code in sorted(set(codes)):
        rolled: dict[int, float] = defaultdict(float)
        for owner, n in metrics.values(code, under=root.path, start=start, end=end).items():
            branch = owner_to_branch.get(owner)
            if branch is not None:
                rolled[branch] += float(n or 0)
        totals[code] = rolled
    return totals


def subtree_branches(root: Org) -> tuple[list[Org], dict[int, int]]:
    """The branches of the subtree (the root itself when it is one) and {owning org id: branch id}."""
    qs = Org.objects.filter(subtree_q("path", root.path), kind=Org.Kind.BRANCH).only(*ORG_FIELDS).order_by("path")
    branches = list(qs)
    owner_to_branch = {b.pk: b.pk for b in branches}
    groups = Org.objects.filter(subtree_q("path", root.path), kind=Org.Kind.GROUP).values_list("id", "parent_id")
    for gid, parent in groups:
        if parent in owner_to_branch:
            owner_to_branch[gid] = parent
    return branches, owner_to_branch


def _score(value: float | None, target: float) -> float:
    if value is None or target <= 0:
        return 0.0
    return min(value / target, 1.0) * 100.0


def _round(x: float) -> float:
    return round(x + 0.0, 1)


def score_branches(*, root: Org, year: int, indicators: list[Indicator] | None = None) -> list[BranchScore]:
    """Every branch under `root` (or `root` itself), in tree order."""
    indicators = indicators_enabled() if indicators is None else indicators
    branches, owner_to_branch = subtree_branches(root)
    if not branches:
        return []
    codes = [c for ind in indicators for c in ind.metric_codes]
    totals = metric_totals(root=root, year=year, codes=codes, owner_to_branch=owner_to_branch)
    adjustments: dict[int, list[Adjustment]] = defaultdict(list)
    adj_points: dict[tuple[int, int], float] = defaultdict(float)
    for a in (Adjustment.objects.filter(subtree_q("org_path", root.path), year=year)
              .select_related("indicator", "created_by").order_by("id")):
        adjustments[a.org_id].append(a)
        adj_points[(a.org_id, a.indicator_id)] += float(a.points)

    specs = [(ind, float(ind.target), float(ind.weight), float(ind.scale)) for ind in indicators]
    weight_by_strength = defaultdict(float)
    for ind, _, w, _ in specs:
        weight_by_strength[ind.strength] += w
    all_weight = sum(weight_by_strength.values())

    results = []
    for b in branches:
        items = []
        weighted = defaultdict(float)
        for ind, target, weight, scale in specs:
            num = totals[ind.numerator].get(b.pk, 0.0)
            den = None
            if ind.denominator:
                den = totals[ind.denominator].get(b.pk, 0.0)
                value = num / den * scale if den else None
            else:
                value = num
            raw = _score(value, target)
            adj = adj_points.get((b.pk, ind.pk), 0.0)
            score = max(0.0, min(100.0, raw + adj))
            weighted[ind.strength] += weight * score
            items.append(IndicatorScore(
                code=ind.code, label=ind.label, strength=ind.strength, unit=ind.unit,
                value=None if value is None else _round(value), target=target, weight=weight, score=_round(score),
                citation=ind.citation, numerator=num, denominator=den, raw_score=_round(raw), adjustment=adj,
                org=b, year=year, metric=ind.numerator,
            ))
        by_strength = {c: _round(weighted[c] / weight_by_strength[c]) if weight_by_strength[c] else 0.0
                       for c in STRENGTH_CODES}
        total = _round(sum(weighted.values()) / all_weight) if all_weight else 0.0
        results.append(BranchScore(org=b, year=year, total=total, by_strength=by_strength, indicators=items,
                                   adjustments=adjustments.get(b.pk, [])))
    return results


def average_score(*, org: Org, year: int, scores: list[BranchScore]) -> BranchScore:
    """A higher organisation's figure: the mean of its branches' scores, values and indicator scores."""
    n = len(scores)
    if not scores:
        items = [IndicatorScore(code=i.code, label=i.label, strength=i.strength, unit=i.unit, value=None,
                                target=float(i.target), weight=float(i.weight), score=0.0, citation=i.citation,
                                org=org, year=year, metric=i.numerator) for i in indicators_enabled()]
        return BranchScore(org=org, year=year, total=0.0, by_strength={c: 0.0 for c in STRENGTH_CODES},
                           indicators=items, branch_count=0)
    items = []
    for k, first in enumerate(scores[0].indicators):
        values = [s.indicators[k].value for s in scores if s.indicators[k].value is not None]
        items.append(IndicatorScore(
            code=first.code, label=first.label, strength=first.strength, unit=first.unit,
            value=_round(sum(values) / len(values)) if values else None, target=first.target, weight=first.weight,
            score=_round(sum(s.indicators[k].score for s in scores) / n), citation=first.citation,
            numerator=sum(s.indicators[k].numerator for s in scores),
            raw_score=_round(sum(s.indicators[k].raw_score for s in scores) / n),
            org=org, year=year, metric=first.metric,
        ))
    return BranchScore(
        org=org, year=year, total=_round(sum(s.total for s in scores) / n),
        by_strength={c: _round(sum(s.by_strength[c] for s in scores) / n) for c in STRENGTH_CODES},
        indicators=items, branch_count=n,
    )


def weights_sum(values) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal(0))
