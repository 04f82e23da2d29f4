"""Per-organisation counts of party–business integration and the three tasks, for the "七个有力" scorer.

Registered in `IntegrationConfig.ready()` through `zhibu.core.metrics`; one aggregate query each over the
subtree, keyed by the owning branch. The integration rate is stages recorded ÷ stages expected (four per
work item of the period's years).
"""

import datetime as dt

from django.db.models import Count, F, Sum
from django.urls import reverse

from zhibu.core import metrics
from zhibu.core.paths import subtree_q

from .models import STAGE_ORDER, CourseElement, StageRecord, StudentActivity, WorkItem


def _by(qs, field: str, value) -> dict[int, float]:
    return {r[field]: r["n"] for r in qs.values(field).annotate(n=value).order_by() if r["n"]}


def _items(under: str, start: dt.date, end: dt.date):
    return WorkItem.objects.filter(subtree_q("org_path", under), year__gte=start.year, year__lte=end.year)


def work_items(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by(_items(under, start, end), "org_id", Count("id"))


def stages_expected(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return {k: v * len(STAGE_ORDER) for k, v in work_items(under=under, start=start, end=end).items()}


def stages(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    qs = StageRecord.objects.filter(work_item__in=_items(under, start, end).values("pk"))
    return _by(qs, "work_item__org_id", Count("id"))


def _activities(under: str, start: dt.date, end: dt.date):
    return StudentActivity.objects.filter(subtree_q("org_path", under), occurred_on__gte=start, occurred_on__lte=end)


def student_activities(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by(_activities(under, start, end), "org_id", Count("id"))


def students_reached(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by(_activities(under, start, end), "org_id", Sum("students_reached"))


def course_elements(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    """课程思政元素 written in the period (by when they were recorded), keyed by the course's branch."""
    qs = CourseElement.objects.filter(subtree_q("org_path", under), course__deleted_at__isnull=True,
                                      created_at__date__gte=start, created_at__date__lte=end)
    return _by(qs.annotate(owner=F("course__org_id")), "owner", Count("id"))


def records_url(*, org, start: dt.date, end: dt.date) -> str:
    return reverse("integration:org_overview", args=[org.code]) + f"?year={start.year}"


def register() -> None:
    for code, label, unit, fn in [
        ("integration.work_items", "党建与业务融合事项", "项", work_items),
        ("integration.stages", "已记录的“四同”环节", "个", stages),
        ("integration.stages_expected", "应记录的“四同”环节", "个", stages_expected),
        ("integration.student_activities", "学生思政活动", "次", student_activities),
        ("integration.students_reached", "学生思政覆盖人次", "人次", students_reached),
        ("integration.course_elements", "课程思政元素", "个", course_elements),
    ]:
        metrics.register(metrics.Metric(code=code, label=label, unit=unit, values=fn, records_url=records_url))
