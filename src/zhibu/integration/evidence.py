"""Work items (四同), courses with 课程思政 elements and student-facing activities as evidence for cases,
through `zhibu.core.evidence`. Registered in `IntegrationConfig.ready()`."""

import datetime as dt

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from zhibu.core import evidence
from zhibu.core.paths import subtree_q

from .models import Course, StageRecord, StudentActivity, WorkItem
from .selectors import item_status


def _filter(qs, field: str, ids, q: str):
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if q:
        qs = qs.filter(**{f"{field}__contains": q})
    return qs


def work_item_records(org_path: str, *, ids=None, q: str = "", limit: int = 200) -> list[evidence.EvidenceRecord]:
    """Two queries: the items and their stages."""
    qs = _filter(WorkItem.objects.filter(subtree_q("org_path", org_path)), "title", ids, q)
    qs = qs.prefetch_related(Prefetch("stages", queryset=StageRecord.objects.all())).order_by("-year", "-id")
    rows = []
    for item in qs[:limit]:
        status = item_status(item)
        dates = [r.occurred_on for _, _, r in status.stages if r]
        summary = "四同齐全" if status.integrated else "尚缺：" + "；".join(status.missing)
        rows.append(evidence.EvidenceRecord(
            kind="work_item", id=item.pk, date=max(dates) if dates else dt.date(item.year, 1, 1),
            title=f"党建与业务融合：{item.title}", summary=f"{item.get_category_display()}（{item.year}年）；{summary}",
            url=item.get_absolute_url(),
        ))
    return rows


def course_records(org_path: str, *, ids=None, q: str = "", limit: int = 200) -> list[evidence.EvidenceRecord]:
    qs = _filter(Course.objects.filter(subtree_q("org_path", org_path)), "name", ids, q)
    qs = qs.select_related("major").annotate(
        n=Count("elements", filter=Q(elements__deleted_at__isnull=True))).filter(n__gt=0)
    return [
        evidence.EvidenceRecord(kind="course", id=c.pk, date=timezone.localdate(c.created_at), title=f"课程思政：《{c.name}》",
                                summary=f"{c.major.name}专业；课程思政元素{c.n}个", url=c.get_absolute_url())
        for c in qs.order_by("-id")[:limit]
    ]


def student_activity_records(org_path: str, *, ids=None, q: str = "",
                             limit: int = 200) -> list[evidence.EvidenceRecord]:
    qs = _filter(StudentActivity.objects.filter(subtree_q("org_path", org_path)), "title", ids, q)
    return [
        evidence.EvidenceRecord(kind="student_activity", id=a.pk, date=a.occurred_on, title=f"学生思政：{a.title}",
                                summary=f"{a.get_kind_display()}，覆盖学生{a.students_reached}人")
        for a in qs.order_by("-occurred_on", "-id")[:limit]
    ]


def register() -> None:
    evidence.register(evidence.Source(kind="work_item", label="党建与业务融合", records=work_item_records))
    evidence.register(evidence.Source(kind="course", label="课程思政", records=course_records))
    evidence.register(evidence.Source(kind="student_activity", label="学生思政", records=student_activity_records))
