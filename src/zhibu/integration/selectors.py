"""Reads of integration and the three tasks, always through the acting user's scope (outside: 404).

Rates are computed in the database: a work item is *integrated* when all four stages are recorded and each
has people from both the party side and the business side; a branch's integration rate is the share of its
work items that are. Course coverage is the share of a major's courses with at least one 课程思政 element,
and the share of its teachers who have written one.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from zhibu.core.paths import subtree_q
from zhibu.meetings.models import MeetingKind
from zhibu.meetings.selectors import meeting_list_for_scope
from zhibu.orgs.models import Member, Org
from zhibu.orgs.selectors import can_manage, member_list_for_scope, scope_for_user

from .models import (
    STAGE_ORDER,
    Course,
    CourseElement,
    CourseTeacher,
    Stage,
    StageRecord,
    StudentActivity,
    WorkItem,
)

ITEMS_SHOWN = 200


def _scoped(qs: QuerySet, user, org: Org | None) -> QuerySet:
    qs = qs.filter(scope_for_user(user).q("org_path"))
    if org is not None:
        qs = qs.filter(subtree_q("org_path", org.path))
    return qs


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- work items -----------------------------------------------------------------------------------


def work_item_list_for_user(*, user, org: Org | None = None, year: int | None = None) -> QuerySet[WorkItem]:
    qs = _scoped(WorkItem.objects.all(), user, org)
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("org").prefetch_related(
        Prefetch("stages", queryset=StageRecord.objects.select_related("meeting"))
    ).order_by("-year", "org_path", "id")


def work_item_get_for_user(*, user, work_item_id: int, include_deleted: bool = False) -> WorkItem:
    """The item, or Http404 outside the scope; a deleted one only with `include_deleted`, and only to managers."""
    manager = WorkItem.all_objects if include_deleted else WorkItem.objects
    item = _scoped(manager.filter(pk=work_item_id), user, None).select_related("org").first()
    if item is None or (item.is_deleted and not can_manage(user, item.org_path)):
        raise Http404("没有找到该事项")
    return item


def stage_records(*, work_item: WorkItem) -> dict[str, StageRecord]:
    return {r.stage: r for r in work_item.stages.select_related("meeting")}


@dataclass
class ItemStatus:
    item: WorkItem
    stages: list[tuple[str, str, StageRecord | None]]  # (stage, label, record)
    missing: list[str] = field(default_factory=list)

    @property
    def integrated(self) -> bool:
        return not self.missing


def item_status(item: WorkItem, records: dict[str, StageRecord] | None = None) -> ItemStatus:
    """Which of the four stages are missing, or lack one side: 同考核：未记录；同落实：缺业务方."""
    if records is None:
        records = {r.stage: r for r in item.stages.all()}
    status = ItemStatus(item=item, stages=[(s, Stage(s).label, records.get(s)) for s in STAGE_ORDER])
    for _stage, label, record in status.stages:
        if record is None:
            status.missing.append(f"{label}：未记录")
        elif not record.party_side:
            status.missing.append(f"{label}：缺党建方")
        elif not record.business_side:
            status.missing.append(f"{label}：缺业务方")
    return status


def _complete_stages() -> Subquery:
    both = (StageRecord.objects.filter(work_item=OuterRef("pk")).exclude(party_side="").exclude(business_side="")
            .values("work_item").annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(both, output_field=IntegerField()), Value(0))


def _rate(complete: int, total: int) -> float | None:
    return round(complete / total, 4) if total else None


def integration_report(*, user, org: Org, year: int | None = None) -> dict:
    """The integration rate of `org` (and of each branch below it), and the items with their missing stages."""
    items = _scoped(WorkItem.objects.all(), user, org)
    if year:
        items = items.filter(year=year)
    per_branch = list(
        items.annotate(full=_complete_stages()).values("org", "org__name", "org__code")
        .annotate(total=Count("id"), complete=Count("id", filter=Q(full__gte=len(STAGE_ORDER))))
        .order_by("org__path")
    )
    for row in per_branch:
        row["rate"] = _rate(row["complete"], row["total"])
    per_stage = {row["stage"]: row for row in StageRecord.objects.filter(work_item__in=items.values("pk")).values("stage")
                 .annotate(recorded=Count("id"),
                           both=Count("id", filter=~Q(party_side="") & ~Q(business_side=""))).order_by()}
    total = sum(r["total"] for r in per_branch)
    complete = sum(r["complete"] for r in per_branch)
    shown = [item_status(i) for i in work_item_list_for_user(user=user, org=org, year=year)[:ITEMS_SHOWN]]
    return {
        "total": total, "complete": complete, "rate": _rate(complete, total), "per_branch": per_branch,
        "per_stage": [{"stage": s, "label": Stage(s).label, "recorded": per_stage.get(s, {}).get("recorded", 0),
                       "both": per_stage.get(s, {}).get("both", 0)} for s in STAGE_ORDER],
        "items": shown, "items_cut": total > len(shown),
    }


# --- teachers -------------------------------------------------------------------------------------


def teacher_participation(*, user, org: Org, year: int) -> dict:
    """Each teacher's attendance at the teacher study sessions (教师理论学习) of `org`'s subtree in `year`."""
    start, end = _year_range(year)
    sessions = meeting_list_for_scope(scope_for_user(user), org=org, kind=MeetingKind.TEACHER_STUDY,
                                      date_from=start, date_to=end).order_by()
    session_ids = sessions.values("pk")
    total = sessions.count()
    teachers = (
        member_list_for_scope(scope_for_user(user), org=org, occupation=Member.Occupation.TEACHER)
        .prefetch_related(None)
        .annotate(attended=Count("attendance", filter=Q(attendance__meeting__in=session_ids,
                                                         attendance__status="present")))
        .order_by("-attended", "name", "id")
    )
    rows = [{"member": m, "attended": m.attended, "rate": _rate(m.attended, total)} for m in teachers[:500]]
    return {"year": year, "sessions": total, "teachers": rows,
            "average": _rate(sum(r["attended"] for r in rows), total * len(rows)) if rows else None}


# --- students -------------------------------------------------------------------------------------


def student_activity_list_for_user(*, user, org: Org | None = None, year: int | None = None) -> QuerySet:
    qs = _scoped(StudentActivity.objects.all(), user, org)
    if year:
        qs = qs.filter(occurred_on__gte=dt.date(year, 1, 1), occurred_on__lte=dt.date(year, 12, 31))
    return qs.select_related("org").order_by("-occurred_on", "-id")


def student_summary(*, user, org: Org, year: int) -> dict:
    qs = student_activity_list_for_user(user=user, org=org, year=year).order_by()
    by_kind = {r["kind"]: r for r in qs.values("kind").annotate(n=Count("id"), reached=Sum("students_reached"))}
    rows = [{"kind": k, "label": label, "count": by_kind.get(k, {}).get("n", 0),
             "reached": by_kind.get(k, {}).get("reached") or 0} for k, label in StudentActivity.Kind.choices]
    return {"year": year, "kinds": rows, "count": sum(r["count"] for r in rows),
            "reached": sum(r["reached"] for r in rows)}


# --- courses --------------------------------------------------------------------------------------


def course_list_for_user(*, user, org: Org | None = None, major_id: int | None = None,
                         q: str | None = None) -> QuerySet[Course]:
    qs = _scoped(Course.objects.all(), user, org)
    if major_id:
        qs = qs.filter(major_id=major_id)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(code=q))
    return (qs.select_related("org", "major").prefetch_related("teachers")
            .annotate(element_count=Count("elements", filter=Q(elements__deleted_at__isnull=True)))
            .order_by("major__code", "code", "id"))


def course_get_for_user(*, user, course_id: int) -> Course:
    course = _scoped(Course.objects.filter(pk=course_id), user, None).select_related("org", "major").first()
    if course is None:
        raise Http404("没有找到该课程")
    return course


def element_get_for_user(*, user, course: Course, element_id: int) -> CourseElement:
    element = _scoped(CourseElement.objects.filter(pk=element_id, course=course), user, None).first()
    if element is None:
        raise Http404("没有找到该课程思政元素")
    return element


def course_elements(*, course: Course) -> list[CourseElement]:
    return list(course.elements.order_by("id"))


def course_coverage(*, user, org: Org) -> list[dict]:
    """Per major: courses with at least one element / courses, and teachers who wrote one / teachers."""
    courses = _scoped(Course.objects.all(), user, org)
    per_major = {
        r["major"]: r for r in courses.values("major", "major__name", "major__code").annotate(
            total=Count("id", distinct=True),
            covered=Count("id", distinct=True, filter=Q(elements__deleted_at__isnull=True, elements__isnull=False)),
        ).order_by()
    }
    teachers: dict[int, set[str]] = {m: set() for m in per_major}
    writers: dict[int, set[str]] = {m: set() for m in per_major}
    for major_id, name in CourseTeacher.objects.filter(course__in=courses.values("pk")).values_list(
        "course__major", "name"
    ).distinct():
        teachers[major_id].add(name)
    for major_id, author in CourseElement.objects.filter(course__in=courses.values("pk")).values_list(
        "course__major", "author"
    ).distinct():
        writers[major_id].add(author)
    rows = []
    for major_id, r in sorted(per_major.items(), key=lambda kv: kv[1]["major__code"]):
        wrote = teachers[major_id] & writers[major_id]
        rows.append({
            "major_id": major_id, "major": r["major__name"], "code": r["major__code"],
            "courses": r["total"], "covered": r["covered"], "course_rate": _rate(r["covered"], r["total"]),
            "teachers": len(teachers[major_id]), "writers": len(wrote),
            "teacher_rate": _rate(len(wrote), len(teachers[major_id])),
            "silent": sorted(teachers[major_id] - writers[major_id]),
        })
    return rows
