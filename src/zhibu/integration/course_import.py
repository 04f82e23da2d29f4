"""Courses and their 课程思政 elements from one Excel workbook: every row checked, all or nothing.

Sheet “课程”: 课程代码、课程名称、专业代码、负责支部编码、任课教师. Sheet “课程思政元素”: 课程代码、章节、思政元素、
教学方法、佐证材料、撰写教师. An element's course is either in the first sheet or already registered in a
branch the uploader manages. Every problem is reported with its sheet, Excel row and column, in Chinese; a
file with any problem imports nothing. A bounded number of queries whatever the number of rows.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from zhibu.cobuild.models import Major
from zhibu.core.audit import audit_entry
from zhibu.core.models import AuditEntry
from zhibu.core.paths import SEGMENT, Scope
from zhibu.orgs.models import Member, Org
from zhibu.orgs.roster.cells import cell_text
from zhibu.orgs.roster.reading import open_workbook, read_bytes
from zhibu.orgs.roster.results import RosterFileError as ImportFileError
from zhibu.orgs.selectors import scope_for_user

from .models import Course, CourseElement, CourseTeacher
from .services import names

COURSE_SHEET, ELEMENT_SHEET = "课程", "课程思政元素"
# (key, header, required, max length)
COURSE_COLUMNS = [("code", "课程代码", True, 30), ("name", "课程名称", True, 100), ("major", "专业代码", True, 20),
                  ("org", "负责支部编码", True, 40), ("teachers", "任课教师", True, 300)]
ELEMENT_COLUMNS = [("course", "课程代码", True, 30), ("chapter", "章节", True, 100), ("element", "思政元素", True, 300),
                   ("method", "教学方法", False, 200), ("evidence", "佐证材料", False, 300), ("author", "撰写教师", True, 40)]

__all__ = ["ImportFileError", "course_import_parse", "course_import_apply", "course_template_workbook"]


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"“{self.sheet}”第{self.row}行"
        return f"{where} {self.column}“{self.value}”：{self.message}" if self.column else f"{where}：{self.message}"


@dataclass
class ImportResult:
    courses: list[dict] = field(default_factory=list)
    elements: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.courses or self.elements)


def _rows(wb, title: str, columns, result: ImportResult) -> list[tuple[int, dict[str, str]]]:
    if title not in wb.sheetnames:
        return []
    ws = wb[title]
    ws.reset_dimensions()
    it = ws.iter_rows(values_only=True)
    header = next(it, None) or ()
    index = {}
    for i, value in enumerate(header):
        text = re.sub(r"[\s*※]", "", cell_text(value))
        for key, label, *_ in columns:
            if text == label:
                index[key] = i
    missing = [label for key, label, required, _ in columns if required and key not in index]
    if missing:
        result.errors.append(RowError(title, 1, "", "", f"表头缺少：{'、'.join(missing)}（请使用导入模板）"))
        return []
    rows = []
    for row_no, values in enumerate(it, start=2):
        raw = {k: cell_text(values[i]) if i < len(values) else "" for k, i in index.items()}
        if any(raw.values()):
            rows.append((row_no, raw))
    return rows


def _ancestors(path: str) -> list[str]:
    return [path[:end] for end in range(SEGMENT, len(path), SEGMENT)]


def course_import_parse(file, *, user) -> ImportResult:
    """Check every row of both sheets; nothing is written. `user` None: the system (command line)."""
    wb = open_workbook(read_bytes(file))
    result = ImportResult()
    try:
        if COURSE_SHEET not in wb.sheetnames and ELEMENT_SHEET not in wb.sheetnames:
            raise ImportFileError(f"工作簿中没有“{COURSE_SHEET}”或“{ELEMENT_SHEET}”工作表；请使用导入模板")
        course_rows = _rows(wb, COURSE_SHEET, COURSE_COLUMNS, result)
        element_rows = _rows(wb, ELEMENT_SHEET, ELEMENT_COLUMNS, result)
    finally:
        wb.close()
    scope = Scope(everything=True) if user is None else scope_for_user(user)

    def fail(sheet, row, column, value, message):
        result.errors.append(RowError(sheet, row, column, value, message))

    def required(sheet, columns, row_no, raw) -> bool:
        ok = True
        for key, label, req, limit in columns:
            if req and not raw.get(key):
                fail(sheet, row_no, label, "", "必填")
                ok = False
            elif len(raw.get(key, "")) > limit:
                fail(sheet, row_no, label, raw[key][:20] + "…", f"不能超过{limit}个字")
                ok = False
        return ok

    orgs = {o.code: o for o in Org.objects.filter(code__in={r["org"] for _, r in course_rows if r.get("org")})}
    ancestor_paths = {p for o in orgs.values() for p in _ancestors(o.path)}
    majors: dict[tuple[str, str], Major] = {
        (m.org_path, m.code): m for m in Major.objects.filter(org_path__in=ancestor_paths,
                                                               code__in={r["major"] for _, r in course_rows})
    }
    codes = {r["code"] for _, r in course_rows} | {r["course"] for _, r in element_rows}
    existing = list(Course.objects.filter(code__in=codes).select_related("major"))
    existing_teachers: dict[int, list[str]] = {}
    for course_id, name in CourseTeacher.objects.filter(course__in=existing).values_list("course_id", "name"):
        existing_teachers.setdefault(course_id, []).append(name)

    in_file: dict[str, dict] = {}
    for row_no, raw in course_rows:
        if not required(COURSE_SHEET, COURSE_COLUMNS, row_no, raw):
            continue
        org = orgs.get(raw["org"])
        if org is None or not scope.grants_full(org.path):
            fail(COURSE_SHEET, row_no, "负责支部编码", raw["org"], "没有这个编码的支部，或您没有管理该支部的权限")
            continue
        if org.kind not in (Org.Kind.BRANCH, Org.Kind.GENERAL_BRANCH):
            fail(COURSE_SHEET, row_no, "负责支部编码", raw["org"], f"“{org.name}”不是党支部")
            continue
        major = next((majors[(p, raw["major"])] for p in _ancestors(org.path) if (p, raw["major"]) in majors), None)
        if major is None:
            fail(COURSE_SHEET, row_no, "专业代码", raw["major"], f"“{org.name}”所在院系没有这个专业代码")
            continue
        if raw["code"] in in_file:
            fail(COURSE_SHEET, row_no, "课程代码", raw["code"], f"与第{in_file[raw['code']]['row']}行重复")
            continue
        if any(c.code == raw["code"] and c.major_id == major.pk for c in existing):
            fail(COURSE_SHEET, row_no, "课程代码", raw["code"],
                 f"{major.name}专业已登记该课程；只导入思政元素的，请在“{COURSE_SHEET}”工作表中删去本行")
            continue
        teachers = names(raw["teachers"])
        in_file[raw["code"]] = {"row": row_no, "org": org, "major": major, "name": raw["name"], "code": raw["code"],
                                "teachers": teachers}
    result.courses = list(in_file.values())

    for row_no, raw in element_rows:
        if not required(ELEMENT_SHEET, ELEMENT_COLUMNS, row_no, raw):
            continue
        target, teachers = in_file.get(raw["course"]), None
        if target is not None:
            teachers = target["teachers"]
        else:
            found = [c for c in existing if c.code == raw["course"] and scope.grants_full(c.org_path)]
            if not found:
                fail(ELEMENT_SHEET, row_no, "课程代码", raw["course"],
                     "没有找到该课程：请在“课程”工作表中登记，或确认您有管理该课程所在支部的权限")
                continue
            if len(found) > 1:
                fail(ELEMENT_SHEET, row_no, "课程代码", raw["course"], "该代码对应多门课程，无法确定")
                continue
            target, teachers = found[0], existing_teachers.get(found[0].pk, [])
        if raw["author"] not in teachers:
            fail(ELEMENT_SHEET, row_no, "撰写教师", raw["author"], f"不是该课程的任课教师（{'、'.join(teachers)}）")
            continue
        result.elements.append({"row": row_no, "course": target, **{k: raw.get(k, "") for k in
                                                                    ("chapter", "element", "method", "evidence",
                                                                     "author")}})
    if not result.errors and not result.courses and not result.elements:
        result.errors.append(RowError(COURSE_SHEET, 2, "", "", "文件中没有课程或课程思政元素"))
    result.errors.sort(key=lambda e: (e.sheet != COURSE_SHEET, e.row))
    return result


def course_import_apply(result: ImportResult, *, by, note: str = "课程导入") -> tuple[int, int]:
    """Write a clean result in one transaction; returns (courses, elements)."""
    if result.errors:
        raise ValidationError(f"文件中有{len(result.errors)}处错误，未导入任何数据")
    paths = {c["org"].path for c in result.courses} | {
        (e["course"]["org"].path if isinstance(e["course"], dict) else e["course"].org_path) for e in result.elements}
    scope = scope_for_user(by) if by is not None else Scope(everything=True)
    if any(not scope.grants_full(p) for p in paths):
        raise PermissionDenied("您没有权限向这些支部导入课程")
    actor = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        courses = [Course(org=c["org"], org_path=c["org"].path, major=c["major"], name=c["name"], code=c["code"])
                   for c in result.courses]
        Course.objects.bulk_create(courses)
        by_code = {c.code: c for c in courses}
        members = {(m.org_path, m.name): m for m in Member.objects.filter(
            org_path__in={c.org_path for c in courses}, name__in={n for c in result.courses for n in c["teachers"]})}
        CourseTeacher.objects.bulk_create([
            CourseTeacher(course=by_code[c["code"]], name=n, member=members.get((c["org"].path, n)))
            for c in result.courses for n in c["teachers"]
        ])
        elements = []
        for e in result.elements:
            course = by_code[e["course"]["code"]] if isinstance(e["course"], dict) else e["course"]
            elements.append(CourseElement(course=course, org_path=course.org_path, chapter=e["chapter"],
                                          element=e["element"], method=e["method"], evidence=e["evidence"],
                                          author=e["author"], created_by=actor))
        CourseElement.objects.bulk_create(elements)
        AuditEntry.objects.bulk_create(
            [audit_entry(actor=actor, obj=c, action=AuditEntry.Action.IMPORT, org_path=c.org_path, note=note)
             for c in courses])
    return len(courses), len(elements)


def course_template_workbook() -> bytes:
    wb = Workbook()
    red, bold = Font(color="B71C1C", bold=True), Font(bold=True)
    fill = PatternFill("solid", fgColor="FBEAEA")
    for i, (title, columns, example) in enumerate([
        (COURSE_SHEET, COURSE_COLUMNS, ["WL101", "物流学概论", "120601", "U1-WL-JG", "陈立华、周敏"]),
        (ELEMENT_SHEET, ELEMENT_COLUMNS, ["WL101", "第一章 物流概述", "交通强国战略与现代物流", "案例教学",
                                          "教学设计第3页", "陈立华"]),
    ]):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title
        for col, (_key, label, req, _limit) in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=col, value=label)
            cell.font, cell.fill = (red if req else bold), fill
            ws.column_dimensions[cell.column_letter].width = 18
        ws.append(example)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
