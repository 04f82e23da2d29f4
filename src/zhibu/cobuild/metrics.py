"""Per-organisation counts of co-building for the "七个有力" scorer and the dashboard.

Registered in `CobuildConfig.ready()` through `zhibu.core.metrics`; one aggregate query each over the
subtree, keyed by the campus branch that entered the partnership.
"""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse

from zhibu.core import metrics
from zhibu.core.paths import subtree_q
from zhibu.meetings.selectors import local_day_start

from .models import Activity, Outcome, Partnership


def _by(qs, field: str, value) -> dict[int, float]:
    return {r[field]: r["n"] for r in qs.values(field).annotate(n=value).order_by() if r["n"]}


def _activities(under: str, start: dt.date, end: dt.date):
    return Activity.objects.filter(
        subtree_q("org_path", under), partnership__deleted_at__isnull=True, meeting__deleted_at__isnull=True,
        meeting__starts_at__gte=local_day_start(start), meeting__starts_at__lt=local_day_start(end + dt.timedelta(days=1)),
    )


def activities(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by(_activities(under, start, end), "partnership__org_id", Count("id"))


def partner_participants(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by(_activities(under, start, end), "partnership__org_id", Sum("partner_count"))


def outcomes(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    qs = Outcome.objects.filter(subtree_q("org_path", under), occurred_on__gte=start, occurred_on__lte=end,
                                partnership__deleted_at__isnull=True)
    return _by(qs, "org_id", Sum("quantity"))


def partnerships(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    """Partnerships in force at some time in the period."""
    qs = Partnership.objects.filter(subtree_q("org_path", under), starts_on__lte=end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    return _by(qs, "org_id", Count("id"))


def records_url(*, org, start: dt.date, end: dt.date) -> str:
    return reverse("cobuild:index") + "?" + urlencode({"org": org.code})


def register() -> None:
    for code, label, unit, fn in [
        ("cobuild.activities", "共建活动", "次", activities),
        ("cobuild.partner_participants", "共建方参加人次", "人次", partner_participants),
        ("cobuild.outcomes", "共建成果", "项", outcomes),
        ("cobuild.partnerships", "共建关系", "个", partnerships),
    ]:
        metrics.register(metrics.Metric(code=code, label=label, unit=unit, values=fn, records_url=records_url))
