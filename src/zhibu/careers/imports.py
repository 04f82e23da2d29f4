"""Excel import of a graduating class: every row checked, every problem named by row and column, all or nothing.

The sheet's header row names the columns (any order; a title row above it is allowed). Nothing is saved unless
every row is valid: a duplicate student number, in the file or already registered, names the rows involved.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from zhibu.core.audit import audit_entry
from zhibu.core.models import AuditEntry
from zhibu.core.paths import SEGMENT, subtree_q
from zhibu.core.personal import normalize_phone, phone_problem
from zhibu.orgs.models import Member, Org

from .models import Degree, Graduate, Industry
from .services_common import require_manage, split_list

XLSX_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    example: str = ""


COLUMNS = [
    Column("name", "姓名", True, "李明"),
    Column("student_number", "学号", True, "2018010101"),
    Column("major", "专业", True, "物流管理"),
    Column("degree", "学历", False, "本科"),
    Column("class_year", "毕业年份", True, "2022"),
    Column("class_name", "班级", False, "物流1801"),
    Column("graduation_date", "毕业日期", False, "2022-06-30"),
    Column("phone", "手机号码", False, "13812345678"),
    Column("status", "毕业去向", False, "求职中"),
    Column("destination", "去向单位", False, ""),
    Column("preferred_cities", "意向城市", False, "北京，天津"),
    Column("preferred_industries", "意向行业", False, "交通运输与物流"),
    Column("helper", "帮扶党员", False, "周敏"),
]
_BY_HEADER = {c.header: c for c in COLUMNS} | {"学生姓名": COLUMNS[0], "学号/工号": COLUMNS[1], "届别": COLUMNS[4],
                                               "毕业届别": COLUMNS[4], "联系电话": COLUMNS[7], "手机": COLUMNS[7],
                                               "去向": COLUMNS[8], "就业状态": COLUMNS[8]}
_DEGREES = {str(label): v for v, label in Degree.choices} | {v: v for v in Degree.values} | {
    "大专": "associate", "学士": "bachelor", "硕士": "master", "研究生": "master", "博士": "doctor"}
_STATUSES = {str(label): v for v, label in Graduate.Status.choices} | {v: v for v in Graduate.Status.values} | {
    "待就业": "seeking", "未就业": "seeking", "就业": "employed", "签约": "employed", "考研": "further_study",
    "读研": "further_study", "出国": "abroad", "留学": "abroad", "考公": "public_service", "选调生": "public_service",
    "西部计划": "public_service", "不就业": "not_seeking"}
_INDUSTRIES = {str(label): v for v, label in Industry.choices} | {v: v for v in Industry.values} | {
    "物流": "logistics", "交通运输": "logistics", "制造": "manufacturing", "互联网": "it", "电商": "trade"}
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")  # typography: ascii


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行" + (f"“{self.column}”列" if self.column else "") + f"：{self.message}"


@dataclass
class ImportResult:
    created: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(Exception):
    pass


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _date(value: Any) -> tuple[dt.date | None, str | None]:
    if value in (None, ""):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    m = _DATE_RE.match(_text(value))
    if not m:
        return None, "无法识别的日期，请按2022-06-30的格式填写"
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None
    except ValueError:
        return None, "不是有效的日期"


def read_rows(data: bytes) -> tuple[int, dict[int, Column], list[tuple[int, tuple]]]:
    """(header row number, column index → column, [(row number, values)]) of the first sheet with a header."""
    if not data:
        raise ImportFileError("文件是空的")
    if len(data) > settings.ZHIBU_IMPORT_MAX_BYTES:
        raise ImportFileError(f"文件过大，上限为{settings.ZHIBU_IMPORT_MAX_BYTES / 1024 / 1024:.0f}MB")
    if data.startswith(OLE_MAGIC):
        raise ImportFileError("这是旧版Excel(.xls)文件；请在Excel中“另存为”Excel工作簿（.xlsx）后再上传")
    if not data.startswith(XLSX_MAGIC):
        raise ImportFileError("文件不是Excel工作簿（.xlsx）；请用模板填写后上传，不要只修改文件扩展名")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError("无法读取该文件：它不是有效的Excel工作簿（.xlsx），或文件已损坏") from exc
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            for row_no, values in enumerate(rows, start=1):
                found = {i: _BY_HEADER[re.sub(r"[\s*※]", "", _text(v))] for i, v in enumerate(values or ())
                         if re.sub(r"[\s*※]", "", _text(v)) in _BY_HEADER}
                if len(found) >= 3:
                    missing = [c.header for c in COLUMNS if c.required and c not in found.values()]
                    if missing:
                        raise ImportFileError(f"表头缺少必填列：{'、'.join(missing)}（请使用毕业生名单模板）")
                    body = [(n, v) for n, v in enumerate(rows, start=row_no + 1) if any(_text(x) for x in v or ())]
                    return row_no, found, body
                if row_no >= 10:
                    break
    finally:
        wb.close()
    raise ImportFileError("前10行中没有找到表头（姓名、学号、专业、毕业年份）；请使用毕业生名单模板")


def _helpers_by_name(org: Org) -> dict[str, list[Member]]:
    """Party members who may help graduates of `org`: those of its school (the subtree two levels above a branch)."""
    school_path = org.path[: max(SEGMENT, len(org.path) - SEGMENT)] if org.kind in ("branch", "group") else org.path
    found: dict[str, list[Member]] = defaultdict(list)
    for m in Member.objects.filter(subtree_q("org_path", school_path),
                                   status__in=[Member.Status.FULL, Member.Status.PROBATIONARY]).select_related("org"):
        found[m.name].append(m)
    return found


def graduate_import(*, by, org: Org, data: bytes) -> ImportResult:
    """Check every row, then create every graduate in one transaction — or none, and say why, row by row."""
    require_manage(by, org.path, "您没有权限为该组织导入毕业生")
    header_row, columns, body = read_rows(data)
    result = ImportResult(rows=len(body))
    errors = result.errors
    helpers = _helpers_by_name(org)
    parsed: list[tuple[int, Graduate]] = []
    seen: dict[str, list[int]] = defaultdict(list)
    this_year = dt.date.today().year
    for row_no, values in body:
        raw = {col.key: (values[i] if i < len(values) else None) for i, col in columns.items()}
        t = {k: _text(v) for k, v in raw.items()}

        def fail(key: str, message: str, row_no=row_no) -> None:
            errors.append(RowError(row_no, next(c.header for c in COLUMNS if c.key == key), message))

        for c in COLUMNS:
            if c.required and not t.get(c.key):
                fail(c.key, "必填，不能为空")
        g = Graduate(org=org, org_path=org.path, name=t.get("name", "")[:40], student_number=t.get("student_number", ""),
                     major=t.get("major", "")[:60], class_name=t.get("class_name", "")[:40],
                     destination=t.get("destination", "")[:120])
        if g.student_number:
            if not re.fullmatch(r"[A-Za-z0-9-]{4,20}", g.student_number):
                fail("student_number", f"学号“{g.student_number}”应为4至20位字母或数字")
            seen[g.student_number].append(row_no)
        g.degree = _DEGREES.get(t.get("degree") or "本科")
        if g.degree is None:
            fail("degree", f"“{t['degree']}”应为专科、本科、硕士研究生或博士研究生")
        if t.get("class_year"):
            m = re.fullmatch(r"(\d{4})\s*(?:届|年)?", t["class_year"])
            if not m or not 1990 <= int(m.group(1)) <= this_year + 6:
                fail("class_year", f"“{t['class_year']}”应为毕业年份，如2022")
            else:
                g.class_year = int(m.group(1))
        g.graduation_date, problem = _date(raw.get("graduation_date"))
        if problem:
            fail("graduation_date", problem)
        if t.get("phone"):
            g.phone = normalize_phone(t["phone"])
            if phone_problem(g.phone):
                fail("phone", f"“{t['phone']}”{phone_problem(g.phone)}")
        g.status = _STATUSES.get(t.get("status") or "求职中")
        if g.status is None:
            fail("status", f"“{t['status']}”应为以下之一：{'、'.join(str(x) for x in Graduate.Status.labels)}")
        elif g.status in Graduate.PLACED:
            g.placed_on = g.graduation_date or dt.date.today()
        g.preferred_cities = split_list(t.get("preferred_cities"))
        inds = [_INDUSTRIES.get(x) for x in split_list(t.get("preferred_industries"))]
        if None in inds:
            bad = [x for x in split_list(t.get("preferred_industries")) if x not in _INDUSTRIES]
            fail("preferred_industries", f"“{'、'.join(bad)}”不在行业列表中（{'、'.join(Industry.labels)}）")
        g.preferred_industries = [i for i in inds if i]
        if t.get("helper"):
            found = helpers.get(t["helper"], [])
            if not found:
                fail("helper", f"本院系没有名为“{t['helper']}”的党员")
            elif len(found) > 1:
                fail("helper", f"本院系有{len(found)}名党员叫“{t['helper']}”，请在导入后逐个指定帮扶人")
            else:
                g.helper = found[0]
        parsed.append((row_no, g))
    for number, rows in seen.items():
        if len(rows) > 1:
            errors.append(RowError(rows[0], "学号", f"学号{number}在文件中重复出现："
                                   + "、".join(f"第{r}行" for r in rows)))
    if seen:
        existing = dict(Graduate.objects.filter(student_number__in=list(seen)).values_list("student_number", "name"))
        for row_no, g in parsed:
            if g.student_number in existing:
                errors.append(RowError(row_no, "学号", f"学号{g.student_number}已登记（{existing[g.student_number]}），"
                                       "不能重复导入"))
    errors.sort(key=lambda e: (e.row, e.column))
    if errors or not parsed:
        if not parsed:
            errors.append(RowError(header_row + 1, "", "表头下方没有任何数据行"))
        return result
    with transaction.atomic():
        created = Graduate.objects.bulk_create([g for _, g in parsed], batch_size=500)
        if not all(g.pk for g in created):  # backends without RETURNING: read the ids back
            ids = dict(Graduate.objects.filter(Q(student_number__in=list(seen))).values_list("student_number", "pk"))
            for g in created:
                g.pk = ids[g.student_number]
        AuditEntry.objects.bulk_create([
            audit_entry(actor=by, obj=g, action=AuditEntry.Action.IMPORT, org_path=g.org_path,
                        note="Excel导入毕业生名单") for g in created], batch_size=500)
    result.created = len(created)
    return result


def template_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "毕业生名单"
    ws.append([c.header + ("*" if c.required else "") for c in COLUMNS])
    ws.append([c.example for c in COLUMNS])
    for i, c in enumerate(COLUMNS, start=1):
        ws.cell(row=1, column=i).font = Font(bold=True, color="B22222" if c.required else "000000")
        ws.column_dimensions[get_column_letter(i)].width = 14
    help_ws = wb.create_sheet("填写说明")
    for line in ["带*的列必填；每个学号只能出现一次。",
                 "学历：" + "、".join(Degree.labels),
                 "毕业去向：" + "、".join(Graduate.Status.labels) + "（不填为求职中）",
                 "意向城市、意向行业可填多个，用顿号或逗号分隔；行业：" + "、".join(Industry.labels),
                 "帮扶党员：填写本院系党员的姓名，仅对求职中的毕业生有意义。",
                 "导入时任何一行有错误，整个文件都不会导入；请按提示逐行修改后重新上传。"]:
        help_ws.append([line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
