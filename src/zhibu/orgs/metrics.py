"""Per-organisation counts of members and honours for the "七个有力" scorer and the dashboard.

Registered in `OrgsConfig.ready()` through `zhibu.core.metrics`. Members are a snapshot (the live roster,
whatever the period); honours count by their year. One aggregate query each, keyed by the owning org.
"""

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse

from zhibu.core import metrics
from zhibu.core.paths import subtree_q

from .models import Honour, Member

PARTY = [Member.Status.FULL, Member.Status.PROBATIONARY]

# A member's record is complete when the fields the branch keeps for every member are filled in.
COMPLETE_Q = (Q(birth_date__isnull=False) & Q(joined_on__isnull=False) & ~Q(phone="")
              & (~Q(status=Member.Status.FULL) | Q(full_on__isnull=False)))


def _by_org(qs) -> dict[int, float]:
    return {r["org_id"]: r["n"] for r in qs.values("org_id").annotate(n=Count("id")).order_by() if r["n"]}


def members(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by_org(Member.objects.filter(subtree_q("org_path", under), status__in=PARTY))


def members_complete(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by_org(Member.objects.filter(subtree_q("org_path", under), COMPLETE_Q, status__in=PARTY))


def activists(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    statuses = [Member.Status.ACTIVIST, Member.Status.CANDIDATE]
    return _by_org(Member.objects.filter(subtree_q("org_path", under), status__in=statuses))


def honours(level: str | None = None):
    def values(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
        qs = Honour.objects.filter(subtree_q("org__path", under), org__deleted_at__isnull=True,
                                   year__gte=start.year, year__lte=end.year)
        if level:
            qs = qs.filter(level=level)
        return _by_org(qs)
    return values


def member_url(*, org, start: dt.date, end: dt.date) -> str:
    return reverse("orgs:member_list") + f"?org={org.code}"


def org_url(*, org, start: dt.date, end: dt.date) -> str:
    return org.get_absolute_url()


def register() -> None:
    metrics.register(metrics.Metric(code="orgs.members", label="党员（含预备党员）", unit="人", values=members,
                                    records_url=member_url))
    metrics.register(metrics.Metric(code="orgs.members_complete", label="信息完整的党员", unit="人",
                                    values=members_complete, records_url=member_url))
    metrics.register(metrics.Metric(code="orgs.activists", label="入党积极分子和发展对象", unit="人",
                                    values=activists, records_url=member_url))
    metrics.register(metrics.Metric(code="orgs.honours", label="荣誉", unit="项", values=honours(),
                                    records_url=org_url))
    for level, label in Honour.Level.choices:
        metrics.register(metrics.Metric(code=f"orgs.honours.{level}", label=f"{label}荣誉", unit="项",
                                        values=honours(level), records_url=org_url))
