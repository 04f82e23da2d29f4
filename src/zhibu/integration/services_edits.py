"""Changes after registration: a work item's fields, its soft delete's undoing, a course element's text or
its removal. Same rules as services.py: scoped, atomic, nothing saved on any error, written to the history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.validation import Errors

from .models import Course, CourseElement, WorkItem
from .services import ELEMENTS_KEY, WORK_ITEM_FIELDS, _actor, _require, check_element

_UNSET = object()


@transaction.atomic
def work_item_update(
    *, by, work_item: WorkItem, title=_UNSET, category=_UNSET, year=_UNSET, description=_UNSET
) -> WorkItem:
    """Change a work item's title, category, year or description (only those given); the branch stays."""
    _require(by, work_item.org_path)
    item = WorkItem.all_objects.select_for_update().get(pk=work_item.pk)
    errors = Errors()
    if item.is_deleted:
        errors.add("__all__", "该事项已删除，请先恢复")
        errors.raise_if_any()
    before = snapshot(item, WORK_ITEM_FIELDS)
    if title is not _UNSET:
        item.title = (title or "").strip()
    if category is not _UNSET:
        item.category = category
    if year is not _UNSET:
        item.year = year
        if year and not 2000 <= year <= timezone.localdate().year + 1:
            errors.add("year", "年度应在2000年至明年之间")
    if description is not _UNSET:
        item.description = description or ""
    errors.check(item, ["org", "org_path"])
    errors.raise_if_any()
    changes = diff(before, snapshot(item, WORK_ITEM_FIELDS))
    if changes:
        item.save()
        audit_record(
            actor=by, obj=item, action=AuditEntry.Action.UPDATE, changes=changes, org_path=item.org_path
        )
    return item


@transaction.atomic
def work_item_restore(*, by, work_item: WorkItem) -> WorkItem:
    _require(by, work_item.org_path)
    if work_item.is_deleted:
        work_item.deleted_at, work_item.deleted_by = None, None
        work_item.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(actor=by, obj=work_item, action=AuditEntry.Action.RESTORE, org_path=work_item.org_path)
    return work_item


def _element_text(e: CourseElement) -> str:
    return f"{e.chapter}：{e.element[:60]}（{e.author}）"


def _alive_course(course_id: int) -> Course:
    course = Course.all_objects.select_related("org").get(pk=course_id)
    if course.is_deleted:
        raise ValidationError("该课程已删除")
    return course


@transaction.atomic
def element_update(
    *,
    by,
    element: CourseElement,
    chapter=_UNSET,
    element_text=_UNSET,
    method=_UNSET,
    evidence=_UNSET,
    author=_UNSET,
) -> CourseElement:
    """Change a 课程思政 element (only the fields given); its writer must still be one of the course's teachers."""
    _require(by, element.org_path, "您没有权限修改该课程的课程思政元素")
    e = CourseElement.all_objects.select_for_update().get(pk=element.pk)
    course = _alive_course(e.course_id)
    errors = Errors()
    if e.is_deleted:
        errors.add("__all__", "该课程思政元素已删除")
        errors.raise_if_any()
    old = _element_text(e)
    before = (e.chapter, e.element, e.method, e.evidence, e.author)
    for attr, value in (
        ("chapter", chapter),
        ("element", element_text),
        ("method", method),
        ("evidence", evidence),
        ("author", author),
    ):
        if value is not _UNSET:
            setattr(e, attr, (value or "").strip())
    if e.author != before[4]:
        check_element(
            course=course,
            author=e.author,
            teacher_names=[t.name for t in course.teachers.all()],
            errors=errors,
        )
    errors.check(e, ["course", "org_path"])
    errors.raise_if_any()
    if (e.chapter, e.element, e.method, e.evidence, e.author) != before:
        e.save()
        audit_record(
            actor=by,
            obj=course,
            action=AuditEntry.Action.UPDATE,
            changes={ELEMENTS_KEY: [old, _element_text(e)]},
            org_path=course.org_path,
        )
    return e


@transaction.atomic
def element_delete(*, by, element: CourseElement, reason: str = "") -> None:
    _require(by, element.org_path, "您没有权限修改该课程的课程思政元素")
    if not element.is_deleted:
        course = _alive_course(element.course_id)
        element.deleted_at, element.deleted_by = timezone.now(), _actor(by)
        element.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(
            actor=by,
            obj=course,
            action=AuditEntry.Action.UPDATE,
            changes={ELEMENTS_KEY: [_element_text(element), None]},
            org_path=course.org_path,
            note=reason,
        )
