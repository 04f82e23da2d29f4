"""Every write to work items, stage records, student activities, courses and their elements:
validated, atomic, scoped and written to the audit history. Bad input: a ValidationError in Chinese."""

import datetime as dt
import re
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.cobuild.models import Major
from zhibu.cobuild.selectors import major_choices_for_branch
from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.validation import Errors
from zhibu.meetings.models import Meeting
from zhibu.orgs.models import Member, Org
from zhibu.orgs.selectors import can_manage

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

WORK_ITEM_FIELDS = ["org", "title", "category", "year", "description"]
STAGE_FIELDS = ["stage", "occurred_on", "meeting", "document_title", "document_ref", "party_side", "business_side",
                "out_of_order_reason", "note"]
ACTIVITY_FIELDS = ["kind", "title", "occurred_on", "students_reached", "teachers", "description"]
COURSE_FIELDS = ["org", "major", "name", "code"]
ELEMENT_FIELDS = ["chapter", "element", "method", "evidence", "author"]
STAGE_KEY, TEACHERS_KEY, ELEMENTS_KEY = "融合环节", "任课教师", "课程思政元素"
_NAME_SPLIT = re.compile(r"[、,，;；/\s]+")


def names(value: str | Sequence[str]) -> list[str]:
    """People's names from 'A、B，C' or a list: trimmed, in order, each once."""
    parts = _NAME_SPLIT.split(value) if isinstance(value, str) else [str(v) for v in value]
    return list(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def _require(by, path: str, message: str = "您没有权限修改该组织的记录") -> None:
    if by is not None and not can_manage(by, path):
        raise PermissionDenied(message)


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


def _branch(org: Org, errors: Errors, field: str = "org") -> None:
    if org.kind not in (Org.Kind.BRANCH, Org.Kind.GENERAL_BRANCH):
        errors.add(field, f"应由党支部登记，“{org.name}”是{org.get_kind_display()}")


# --- work items and their four stages -------------------------------------------------------------


@transaction.atomic
def work_item_create(*, by, org: Org, title: str, category: str, year: int, description: str = "") -> WorkItem:
    _require(by, org.path)
    item = WorkItem(org=org, org_path=org.path, title=(title or "").strip(), category=category, year=year,
                    description=description or "", created_by=_actor(by))
    errors = Errors()
    _branch(org, errors)
    if year and not 2000 <= year <= timezone.localdate().year + 1:
        errors.add("year", "年度应在2000年至明年之间")
    errors.check(item, ["org_path"])
    errors.raise_if_any()
    item.save()
    audit_record(actor=by, obj=item, action=AuditEntry.Action.CREATE,
                 changes=diff({}, snapshot(item, WORK_ITEM_FIELDS)), org_path=item.org_path)
    return item


@transaction.atomic
def work_item_delete(*, by, work_item: WorkItem, reason: str = "") -> None:
    _require(by, work_item.org_path)
    if not work_item.is_deleted:
        work_item.deleted_at, work_item.deleted_by = timezone.now(), _actor(by)
        work_item.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(actor=by, obj=work_item, action=AuditEntry.Action.DELETE, org_path=work_item.org_path,
                     note=reason)


def _order_problem(item: WorkItem, stage: str, occurred_on: dt.date, existing: dict[str, StageRecord]) -> str | None:
    """Why recording `stage` on `occurred_on` breaks the order 研究 → 部署 → 落实 → 考核; None when it does not."""
    label = Stage(stage).label
    for earlier in STAGE_ORDER[: STAGE_ORDER.index(stage)]:
        record = existing.get(earlier)
        if record is None:
            return f"“{label}”应在“{Stage(earlier).label}”之后，而“{Stage(earlier).label}”尚未记录"
        if occurred_on and record.occurred_on > occurred_on:
            return (f"“{label}”的日期（{occurred_on.isoformat()}）早于“{Stage(earlier).label}”"
                    f"（{record.occurred_on.isoformat()}）")
    return None


@transaction.atomic
def stage_record(
    *, by, work_item: WorkItem, stage: str, occurred_on: dt.date, party_side: str | Sequence[str] = "",
    business_side: str | Sequence[str] = "", meeting: Meeting | None = None, document_title: str = "",
    document_ref: str = "", reason: str = "", note: str = "",
) -> StageRecord:
    """Record (or re-record) one of the four stages. A stage before the previous one needs a reason."""
    _require(by, work_item.org_path)
    item = WorkItem.objects.select_for_update().get(pk=work_item.pk)
    existing = {r.stage: r for r in item.stages.all()}
    errors = Errors()
    if item.is_deleted:
        errors.add("__all__", "该事项已删除")
    if stage not in STAGE_ORDER:
        errors.add("stage", "环节应为同研究、同部署、同落实或同考核")
        errors.raise_if_any()
    record = existing.get(stage) or StageRecord(work_item=item, org_path=item.org_path, stage=stage)
    before = snapshot(record, STAGE_FIELDS) if record.pk else {}
    party, business = names(party_side), names(business_side)
    record.occurred_on, record.meeting = occurred_on, meeting
    record.document_title, record.document_ref = (document_title or "").strip(), (document_ref or "").strip()
    record.party_side, record.business_side = "、".join(party), "、".join(business)
    record.note, record.created_by = note or "", record.created_by or _actor(by)
    if occurred_on and occurred_on > timezone.localdate():
        errors.add("occurred_on", "日期不能晚于今天")
    if meeting is None and not record.document_title:
        errors.add("document_title", "请关联会议记录，或填写文件名称")
    if meeting is not None and not meeting.org_path.startswith(item.org_path):
        errors.add("meeting", f"关联的会议不是“{item.org.display_name}”的组织生活记录")
    if not party and not business:
        errors.add("party_side", "请至少登记一方的参加人员")
    problem = _order_problem(item, stage, occurred_on, existing)
    reason = (reason or "").strip()
    if problem and not reason:
        errors.add("reason", f"{problem}；如确需先行记录，请填写原因")
    record.out_of_order_reason = reason if problem else ""
    errors.check(record, ["work_item", "org_path", "meeting", "party_side", "business_side"])
    errors.raise_if_any()
    record.save()
    label = record.get_stage_display()
    changes = {STAGE_KEY: [f"{label} {before['occurred_on']}" if before else None,
                           f"{label} {occurred_on.isoformat()}（党建方：{record.party_side or '无'}；"
                           f"业务方：{record.business_side or '无'}）"]}
    audit_record(actor=by, obj=item, action=AuditEntry.Action.UPDATE, changes=changes, org_path=item.org_path,
                 note=record.out_of_order_reason)
    return record


# --- student-facing work ----------------------------------------------------------------------------


@transaction.atomic
def student_activity_record(
    *, by, org: Org, kind: str, title: str, occurred_on: dt.date, students_reached: int,
    teachers: str | Sequence[str] = "", description: str = "",
) -> StudentActivity:
    _require(by, org.path)
    a = StudentActivity(org=org, org_path=org.path, kind=kind, title=(title or "").strip(), occurred_on=occurred_on,
                        students_reached=students_reached or 0, teachers="、".join(names(teachers))[:300],
                        description=description or "", created_by=_actor(by))
    errors = Errors()
    _branch(org, errors)
    if not students_reached or students_reached < 1:
        errors.add("students_reached", "覆盖学生人数至少为1")
    if occurred_on and occurred_on > timezone.localdate():
        errors.add("occurred_on", "日期不能晚于今天")
    errors.check(a, ["org_path", "students_reached"])
    errors.raise_if_any()
    a.save()
    audit_record(actor=by, obj=a, action=AuditEntry.Action.CREATE, changes=diff({}, snapshot(a, ACTIVITY_FIELDS)),
                 org_path=a.org_path)
    return a


# --- courses and their elements -------------------------------------------------------------------


def check_course(*, org: Org, major: Major | None, name: str, code: str, errors: Errors,
                 course_id: int | None = None) -> None:
    """The course's own rules, shared with the Excel import (`course_id`: the course being changed)."""
    _branch(org, errors)
    if major is not None and not major_choices_for_branch(branch=org).filter(pk=major.pk).exists():
        errors.add("major", f"专业“{major.name}”不属于“{org.name}”所在的院系")
    if major is not None and code and Course.objects.filter(major=major, code=code).exclude(pk=course_id).exists():
        errors.add("code", f"{major.name}专业已有课程代码为{code}的课程")


def teacher_rows(course: Course, teacher_names: list[str]) -> list[CourseTeacher]:
    """Teachers as rows, each linked to the member of the course's branch with that name when there is one."""
    members = {m.name: m for m in Member.objects.filter(org_path__startswith=course.org_path, name__in=teacher_names)}
    return [CourseTeacher(course=course, name=n, member=members.get(n)) for n in teacher_names]


@transaction.atomic
def course_create(*, by, org: Org, major: Major, name: str, code: str,
                  teachers: str | Sequence[str] = ()) -> Course:
    _require(by, org.path)
    course = Course(org=org, org_path=org.path, major=major, name=(name or "").strip(), code=(code or "").strip())
    errors = Errors()
    check_course(org=org, major=major, name=course.name, code=course.code, errors=errors)
    teacher_names = names(teachers)
    if not teacher_names:
        errors.add("teachers", "请填写任课教师")
    if any(len(n) > 40 for n in teacher_names):
        errors.add("teachers", "教师姓名不能超过40字")
    errors.check(course, ["org_path"])
    errors.raise_if_any()
    course.save()
    CourseTeacher.objects.bulk_create(teacher_rows(course, teacher_names))
    changes = diff({}, snapshot(course, COURSE_FIELDS))
    changes[TEACHERS_KEY] = [None, "、".join(teacher_names)]
    audit_record(actor=by, obj=course, action=AuditEntry.Action.CREATE, changes=changes, org_path=course.org_path)
    return course


@transaction.atomic
def course_update(*, by, course: Course, major: Major, name: str, code: str,
                  teachers: str | Sequence[str]) -> Course:
    """Change a course's major, name, code and teachers; a teacher who wrote elements cannot be dropped."""
    _require(by, course.org_path)
    course = Course.objects.select_for_update(of=("self",)).select_related("org", "major").get(pk=course.pk)
    if course.is_deleted:
        raise ValidationError("该课程已删除")
    before = snapshot(course, COURSE_FIELDS)
    old_teachers = [t.name for t in course.teachers.all()]
    course.major, course.name, course.code = major, (name or "").strip(), (code or "").strip()
    errors = Errors()
    check_course(org=course.org, major=major, name=course.name, code=course.code, errors=errors, course_id=course.pk)
    teacher_names = names(teachers)
    if not teacher_names:
        errors.add("teachers", "请填写任课教师")
    if any(len(n) > 40 for n in teacher_names):
        errors.add("teachers", "教师姓名不能超过40字")
    authors = set(course.elements.values_list("author", flat=True)) - set(teacher_names)
    if authors:
        errors.add("teachers", f"{'、'.join(sorted(authors))}撰写了本课程的课程思政元素，不能从任课教师中去掉")
    errors.check(course, ["org_path"])
    errors.raise_if_any()
    course.save()
    changes = diff(before, snapshot(course, COURSE_FIELDS))
    if teacher_names != old_teachers:
        course.teachers.all().delete()
        CourseTeacher.objects.bulk_create(teacher_rows(course, teacher_names))
        changes[TEACHERS_KEY] = ["、".join(old_teachers), "、".join(teacher_names)]
    if changes:
        audit_record(actor=by, obj=course, action=AuditEntry.Action.UPDATE, changes=changes, org_path=course.org_path)
    return course


def check_element(*, course: Course, author: str, teacher_names: Sequence[str], errors: Errors) -> None:
    if author and author not in teacher_names:
        errors.add("author", f"撰写教师“{author}”不是《{course.name}》的任课教师（{'、'.join(teacher_names) or '未登记'}）")


@transaction.atomic
def element_add(*, by, course: Course, chapter: str, element: str, author: str, method: str = "",
                evidence: str = "") -> CourseElement:
    """Add a 课程思政 element to a course; only the course's branch may, and only its teachers write them."""
    _require(by, course.org_path, "您没有权限为该课程登记课程思政元素")
    e = CourseElement(course=course, org_path=course.org_path, chapter=(chapter or "").strip(),
                      element=(element or "").strip(), method=(method or "").strip(),
                      evidence=(evidence or "").strip(), author=(author or "").strip(), created_by=_actor(by))
    errors = Errors()
    if course.is_deleted:
        errors.add("__all__", "该课程已删除")
    check_element(course=course, author=e.author, teacher_names=[t.name for t in course.teachers.all()], errors=errors)
    errors.check(e, ["course", "org_path"])
    errors.raise_if_any()
    e.save()
    audit_record(actor=by, obj=course, action=AuditEntry.Action.UPDATE,
                 changes={ELEMENTS_KEY: [None, f"{e.chapter}：{e.element[:60]}（{e.author}）"]},
                 org_path=course.org_path)
    return e
