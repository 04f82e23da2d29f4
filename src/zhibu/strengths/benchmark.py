"""对标争先: how each branch stands against its committee's 样板支部 standard.

A branch meets the standard when every check passes: each indicator threshold, the total score (when the
standard sets one), enough honours in the last `honour_years` years, and no disciplinary record in those
years. Gaps say what is missing and by how much; "closest" orders branches by the number of failed checks,
then by the relative shortfall on the thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhibu.orgs.models import Honour, Org

from .models import BenchmarkStandard
from .scoring import BranchScore
from .selectors import discipline_by_org, honours_by_org


@dataclass
class Check:
    label: str
    required: str
    actual: str
    met: bool
    shortfall: float = 0.0  # 0 when met; else how far short, relative to the requirement (0–1)
    records_url: str = ""


@dataclass
class BranchBenchmark:
    score: BranchScore
    checks: list[Check] = field(default_factory=list)

    @property
    def org(self) -> Org:
        return self.score.org

    @property
    def gaps(self) -> list[Check]:
        return [c for c in self.checks if not c.met]

    @property
    def meets(self) -> bool:
        return bool(self.checks) and not self.gaps

    @property
    def met_count(self) -> int:
        return sum(1 for c in self.checks if c.met)

    @property
    def distance(self) -> tuple[int, float]:
        return len(self.gaps), round(sum(c.shortfall for c in self.gaps), 4)


def _fmt(x: float | None, unit: str = "") -> str:
    if x is None:
        return "无数据"
    text = f"{x:.1f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def evaluate(*, standard: BenchmarkStandard, root: Org, year: int, scores: list[BranchScore]) -> list[BranchBenchmark]:
    """Every scored branch against the standard, in the order of `scores`; a fixed number of queries."""
    first = year - standard.honour_years + 1
    honours = honours_by_org(root=root, first_year=first, last_year=year, levels=list(standard.honour_levels or []))
    discipline = discipline_by_org(root=root, first_year=first, last_year=year) if standard.require_clean_record else {}
    thresholds = list(standard.thresholds.all())
    level_labels = "、".join(Honour.Level(lv).label for lv in standard.honour_levels or [] if lv in Honour.Level.values)
    results = []
    for s in scores:
        by_code = {i.code: i for i in s.indicators}
        checks = []
        for t in thresholds:
            ind = by_code.get(t.indicator.code)
            need = float(t.min_value)
            value = ind.value if ind else None
            met = value is not None and value >= need
            short = 0.0 if met else (1.0 if not value or need <= 0 else max(0.0, min(1.0, (need - value) / need)))
            checks.append(Check(label=t.indicator.label, required=f"≥ {_fmt(need, t.indicator.unit)}",
                                actual=_fmt(value, t.indicator.unit), met=met, shortfall=short,
                                records_url=ind.records_url if ind else ""))
        if standard.min_total is not None:
            need = float(standard.min_total)
            met = s.total >= need
            checks.append(Check(label="“七个有力”总分", required=f"≥ {_fmt(need)}分", actual=f"{_fmt(s.total)}分",
                                met=met, shortfall=0.0 if met else max(0.0, (need - s.total) / need)))
        if standard.honour_min:
            n = honours.get(s.org.pk, 0)
            met = n >= standard.honour_min
            checks.append(Check(
                label=f"近{standard.honour_years}年{level_labels or ''}荣誉", required=f"≥ {standard.honour_min}项",
                actual=f"{n}项", met=met,
                shortfall=0.0 if met else (standard.honour_min - n) / standard.honour_min,
                records_url=s.org.get_absolute_url(),
            ))
        if standard.require_clean_record:
            n = discipline.get(s.org.pk, 0)
            checks.append(Check(label=f"近{standard.honour_years}年无违纪问题", required="0起", actual=f"{n}起",
                                met=n == 0, shortfall=0.0 if n == 0 else 1.0))
        results.append(BranchBenchmark(score=s, checks=checks))
    return results


def closest(results: list[BranchBenchmark]) -> list[BranchBenchmark]:
    return sorted(results, key=lambda r: (*r.distance, -r.score.total, r.org.path))
