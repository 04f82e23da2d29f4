"""What every chart of one dashboard works from: the organisation (checked against the user's scope), the
year, its children and an index of its subtree that rolls per-organisation counts up to those children.

Everything here loads lazily and once per request, so that one chart's JSON endpoint pays only for what
that chart reads.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.http import Http404
from django.utils import timezone

from zhibu.core import metrics
from zhibu.core.paths import SEGMENT, subtree_q
from zhibu.orgs.models import Org
from zhibu.orgs.selectors import org_ancestors, org_get_for_user, org_roots_for_user

YEARS_SHOWN = 5
FIRST_YEAR = 2000


def year_choices(today: dt.date | None = None) -> list[int]:
    """The years the selector offers: this year and the four before it."""
    this = (today or timezone.localdate()).year
    return [this - i for i in range(YEARS_SHOWN)]


def clean_year(value, today: dt.date | None = None) -> int:
    """A year from a query string: this year when missing or not a plausible year."""
    this = (today or timezone.localdate()).year
    try:
        year = int(value)
    except (TypeError, ValueError):
        return this
    return year if FIRST_YEAR <= year <= this + 1 else this


def top_scope_for_user(*, user) -> Org:
    """The organisation whose dashboard a user sees first: the highest node of their scope."""
    root = org_roots_for_user(user=user).order_by("depth", "sort_order", "path").first()
    if root is None:
        raise Http404("暂无可访问的组织")
    return root


@dataclass
class Board:
    user: object
    org: Org
    year: int
    today: dt.date = field(default_factory=timezone.localdate)
    # Results that more than one chart reads (the strengths radar and ranking share one scoring run).
    memo: dict = field(default_factory=dict)

    def once(self, key: str, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def months(self) -> list[dt.date]:
        return [dt.date(self.year, m, 1) for m in range(1, 13)]

    @property
    def is_branch(self) -> bool:
        return self.org.kind == Org.Kind.BRANCH

    # --- the tree --------------------------------------------------------------------------------------

    @cached_property
    def subtree(self) -> list[tuple[int, str, str]]:
        """(id, path, kind) of every live organisation in the subtree, the org itself included: one query."""
        return list(Org.objects.filter(subtree_q("path", self.org.path)).values_list("id", "path", "kind"))

    @cached_property
    def children(self) -> list[Org]:
        """The org's children except groups (a branch's groups are part of the branch), in display order."""
        return list(
            Org.objects.filter(parent=self.org).exclude(kind=Org.Kind.GROUP)
            .only("id", "code", "name", "short_name", "kind", "category", "path", "parent_id", "sort_order")
            .order_by("sort_order", "path")
        )

    @cached_property
    def ancestors(self) -> list[Org]:
        return org_ancestors(org=self.org, user=self.user)

    @cached_property
    def branch_count(self) -> int:
        if "subtree" in self.__dict__:
            return sum(1 for _, _, kind in self.subtree if kind == Org.Kind.BRANCH)
        return Org.objects.filter(subtree_q("path", self.org.path), kind=Org.Kind.BRANCH).count()

    @cached_property
    def child_of_id(self) -> dict[int, int]:
        """{org id in the subtree: id of the child it lies under, or the org's own id for itself and its groups}."""
        by_path = {c.path: c.pk for c in self.children}
        depth = len(self.org.path) + SEGMENT
        out = {}
        for org_id, path, _ in self.subtree:
            out[org_id] = by_path.get(path[:depth], self.org.pk) if len(path) >= depth else self.org.pk
        return out

    @property
    def units(self) -> list[Org]:
        """The rows of a by-unit chart: the children, or the org itself when it has none."""
        return self.children or [self.org]

    def roll_up(self, counts: dict[int, float]) -> dict[int, float]:
        """Per-owning-org counts summed by unit (child, or the org itself for its own and its groups' records)."""
        index = self.child_of_id
        out: dict[int, float] = defaultdict(float)
        for org_id, n in counts.items():
            unit = index.get(int(org_id))
            if unit is not None:
                out[unit] += float(n or 0)
        if not self.children:
            return {self.org.pk: sum(out.values())}
        return dict(out)

    # --- metrics ---------------------------------------------------------------------------------------

    def metric(self, code: str, start: dt.date | None = None, end: dt.date | None = None) -> dict[int, float]:
        """The registry's counts for the subtree over the year (or [start, end]), by unit."""
        return self.roll_up(metrics.values(code, under=self.org.path, start=start or self.start, end=end or self.end))

    def metric_total(self, code: str, start: dt.date | None = None, end: dt.date | None = None) -> float:
        found = metrics.values(code, under=self.org.path, start=start or self.start, end=end or self.end)
        return float(sum(float(n or 0) for n in found.values()))

    @staticmethod
    def has_metric(code: str) -> bool:
        return metrics.get(code) is not None

    def records_url(self, code: str, org: Org | None = None, start: dt.date | None = None,
                    end: dt.date | None = None) -> str:
        metric = metrics.get(code)
        if metric is None or metric.records_url is None:
            return ""
        return metric.records_url(org=org or self.org, start=start or self.start, end=end or self.end)


def board_for_user(*, user, code: str, year=None) -> Board:
    """The dashboard of the organisation `code` (404 outside the user's scope; groups show their branch's)."""
    org = org_get_for_user(user=user, code=code)
    if org.kind == Org.Kind.GROUP:
        raise Http404("党小组的数据并入所在党支部")
    return Board(user=user, org=org, year=clean_year(year))
