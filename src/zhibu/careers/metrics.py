"""Per-organisation counts of careers work for the "七个有力" scorer and the dashboard.

Registered in `CareersConfig.ready()` through `zhibu.core.metrics`; one aggregate query each over the subtree,
keyed by the owning organisation.

- `careers.graduates`: graduates graduating in the period — graduation date within [start, end], or, when the
  date is unknown, class year between start's and end's years.
- `careers.graduates_placed`: of those, the ones with a settled destination (去向落实): employed, further study,
  abroad, public service. Not seeking and seeking are not placed. The destination rate is placed / graduates.
- `careers.visits`: enterprise visits dated in the period.
- `careers.jobs_opened`: headcount of job posts created in the period.
"""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from zhibu.core import metrics
from zhibu.core.paths import subtree_q

from .models import EnterpriseVisit, Graduate, JobPost


def _by(qs, field: str, value) -> dict[int, float]:
    return {r[field]: r["n"] for r in qs.values(field).annotate(n=value).order_by() if r["n"]}


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


def graduating_q(start: dt.date, end: dt.date) -> Q:
    return Q(graduation_date__gte=start, graduation_date__lte=end) | Q(
        graduation_date__isnull=True, class_year__gte=start.year, class_year__lte=end.year)


def _graduates(under: str, start: dt.date, end: dt.date):
    return Graduate.objects.filter(subtree_q("org_path", under)).filter(graduating_q(start, end))


def graduates(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by(_graduates(under, start, end), "org_id", Count("id"))


def graduates_placed(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by(_graduates(under, start, end).filter(status__in=Graduate.PLACED), "org_id", Count("id"))


def visits(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    qs = EnterpriseVisit.objects.filter(subtree_q("org_path", under), visited_on__gte=start, visited_on__lte=end)
    return _by(qs, "org_id", Count("id"))


def jobs_opened(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    qs = JobPost.objects.filter(subtree_q("org_path", under), created_at__gte=_day_start(start),
                                created_at__lt=_day_start(end + dt.timedelta(days=1)))
    return _by(qs, "org_id", Sum("headcount"))


def _url(name: str):
    def records_url(*, org, start: dt.date, end: dt.date) -> str:
        return reverse(name) + "?" + urlencode({"org": org.code})
    return records_url


def register() -> None:
    for code, label, unit, fn, page in [
        ("careers.graduates", "毕业生", "人", graduates, "careers:graduates"),
        ("careers.graduates_placed", "已落实去向的毕业生", "人", graduates_placed, "careers:graduates"),
        ("careers.visits", "访企拓岗走访", "次", visits, "careers:visits"),
        ("careers.jobs_opened", "拓展就业岗位", "个", jobs_opened, "careers:jobs"),
    ]:
        metrics.register(metrics.Metric(code=code, label=label, unit=unit, values=fn, records_url=_url(page)))
