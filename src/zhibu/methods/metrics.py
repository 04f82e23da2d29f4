"""Per-organisation counts of work-method cases and their reach, for the "七个有力" scorer.

Registered in `MethodsConfig.ready()` through `zhibu.core.metrics`; one aggregate query each over the
subtree, keyed by the branch whose case it is (adoptions count for the adopted case's branch).
"""

import datetime as dt

from django.db.models import Count

from zhibu.core import metrics
from zhibu.core.paths import subtree_q
from zhibu.meetings.selectors import local_day_start

from .models import PUBLIC_STATUSES, Adoption, Case


def _by(qs, field: str) -> dict[int, float]:
    return {r[field]: r["n"] for r in qs.values(field).annotate(n=Count("id")).order_by() if r["n"]}


def cases_published(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    qs = Case.objects.filter(subtree_q("org_path", under), status__in=PUBLIC_STATUSES,
                             published_at__gte=local_day_start(start),
                             published_at__lt=local_day_start(end + dt.timedelta(days=1)))
    return _by(qs, "branch_id")


def adoptions(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    qs = Adoption.objects.filter(subtree_q("case__org_path", under), case__deleted_at__isnull=True,
                                 adopted_on__gte=start, adopted_on__lte=end)
    return _by(qs, "case__branch_id")


def register() -> None:
    metrics.register(metrics.Metric(code="methods.cases_published", label="发布的工作法案例", unit="个",
                                    values=cases_published))
    metrics.register(metrics.Metric(code="methods.adoptions", label="案例被借鉴推广", unit="次",
                                    values=adoptions))
