"""The member roster in Excel: template, all-or-nothing import and export, with the same columns.

`roster_parse` reads an uploaded workbook and checks every row, collecting every problem with
its Excel row number and Chinese column header; `roster_import` writes a clean result in one
transaction; `roster_export_workbook` writes members in the template's layout so that an export
can be edited and imported elsewhere.

Secretaries: a roster marks who holds which office, but it never replaces a sitting branch
secretary. A secretary is elected and approved through the party's procedure, and an import that
quietly ended the current secretary's term would change the record of someone not in the file.
So a 书记 in the file for a branch that already has a current secretary is an error that names the
sitting secretary; the change of office (换届) is done on the branch page, then the file imports.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from zhibu.core.audit import audit_entry, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.paths import Scope
from zhibu.core.personal import (
    id_birth_date,
    id_gender,
    id_number_problem,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    phone_problem,
)

from .models import Member, Org, Position
from .selectors import can_manage, scope_for_user
from .services import MEMBER_FIELDS

Progress = Callable[[int, int], None]

SHEET_TITLE = "党员名册"
HELP_SHEET_TITLE = "填写说明"
CODES_SHEET_TITLE = "编码对照"
BATCH_SIZE = 1000
# ID numbers looked up in the database per query when checking duplicates.
LOOKUP_CHUNK = 5000
PROGRESS_EVERY = 250
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
LAST_ROW = 1048576
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"


# --- columns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    required: bool = False
    kind: str = "text"  # text | date | choice | year | positions
    note: str = ""
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()

    @property
    def letter(self) -> str:
        return get_column_letter(COLUMNS.index(self) + 1)


# Office labels offered in the 职务 dropdown; any other “…委员” is a committee member with that title.
POSITION_CHOICES = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "委员", "党小组组长")

COLUMNS: tuple[Column, ...] = (
    Column("org", "支部编码", 16, required=True,
           note="党员所在党支部的编码,见“编码对照”工作表或组织页面。", aliases=("所在支部编码", "组织编码")),
    Column("group", "党小组编码", 14, note="可不填。填写的须是该支部下的党小组。"),
    Column("name", "姓名", 10, required=True, note="与身份证一致。"),
    Column("gender", "性别", 7, kind="choice", choices=tuple(Member.Gender.labels),
           note="男或女;可不填,按身份证号码自动判断。"),
    Column("id_number", "身份证号", 22, required=True,
           note="18位居民身份证号码,末位可为X。请保持本列为“文本”格式,否则Excel会把后几位变成0。",
           aliases=("身份证号码", "公民身份号码", "身份证")),
    Column("birth_date", "出生日期", 12, kind="date", note="可不填,按身份证号码自动生成;填写的须与身份证号码一致。"),
    Column("phone", "手机号码", 14, note="11位手机号码,或带区号的固定电话(如010-62345678)。",
           aliases=("手机号", "手机", "联系电话", "电话")),
    Column("status", "政治面貌", 13, required=True, kind="choice", choices=tuple(Member.Status.labels),
           note="入党积极分子、发展对象、预备党员或正式党员。"),
    Column("joined_on", "入党日期", 12, kind="date", note="预备党员和正式党员必填(接收为预备党员的日期)。",
           aliases=("入党时间",)),
    Column("full_on", "转正日期", 12, kind="date", note="正式党员必填;尚未转正的不填。", aliases=("转正时间",)),
    Column("occupation", "身份", 13, required=True, kind="choice", choices=tuple(Member.Occupation.labels),
           note="教师、管理服务人员、学生、离退休人员或其他。", aliases=("人员类别",)),
    Column("major", "专业", 18, note="学生党员必填。"),
    Column("class_year", "年级", 8, kind="year", note="入学年份,如2021;可不填。"),
    Column("positions", "职务", 14, kind="positions", choices=POSITION_CHOICES,
           note="可不填。书记、副书记、组织委员、宣传委员、纪检委员、委员或党小组组长;"
                "兼任的用顿号分隔。党小组组长须填写党小组编码。"
                "支部已有在任书记的,导入不会替换,请先在支部页面办理换届。"),
    Column("note", "备注", 30),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

_HEADER_LOOKUP = {h: c for c in COLUMNS for h in (c.header, *c.aliases)}

_CHOICES: dict[str, dict[str, str]] = {
    "gender": {**{label: v for v, label in Member.Gender.choices}, "男性": "male", "女性": "female"},
    "status": {
        **{label: v for v, label in Member.Status.choices},
        "积极分子": Member.Status.ACTIVIST,
        "中共预备党员": Member.Status.PROBATIONARY,
        "中共党员": Member.Status.FULL,
    },
    "occupation": {
        **{label: v for v, label in Member.Occupation.choices},
        "管理人员": Member.Occupation.STAFF, "服务人员": Member.Occupation.STAFF,
        "本科生": Member.Occupation.STUDENT, "研究生": Member.Occupation.STUDENT,
        "离退休": Member.Occupation.RETIRED, "退休": Member.Occupation.RETIRED, "离休": Member.Occupation.RETIRED,
    },
}
for _key, _model in (("gender", Member.Gender), ("status", Member.Status), ("occupation", Member.Occupation)):
    _CHOICES[_key].update({v: v for v in _model.values})

_POSITION_WORDS = {
    **{label: (k, "") for k, label in Position.Kind.choices},
    **{k: (k, "") for k in Position.Kind.values},
    "支部书记": (Position.Kind.SECRETARY, ""),
    "支部副书记": (Position.Kind.DEPUTY_SECRETARY, ""),
    "支委": (Position.Kind.COMMITTEE_MEMBER, ""),
    "支部委员": (Position.Kind.COMMITTEE_MEMBER, ""),
    "组长": (Position.Kind.GROUP_LEADER, ""),
    "小组长": (Position.Kind.GROUP_LEADER, ""),
}
_POSITION_SPLIT = re.compile(r"[、,,;;/\s]+")
_TITLE_RE = re.compile(r"^[\u4e00-\u9fff]{1,8}委员$")
_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*[T ]?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_CJK_SPACED = re.compile(r"^[\u4e00-\u9fff\s]+$")


# --- results -------------------------------------------------------------------------------------


class RosterFileError(Exception):
    """The upload is not a roster we can read at all (wrong format, too large, no header row)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RosterError:
    row: int  # as Excel numbers it
    column: str  # the Chinese header
    value: str
    message: str

    def __str__(self) -> str:
        if not self.column:
            return f"第{self.row}行:{self.message}"
        return f"第{self.row}行 {self.column} “{self.value}”:{self.message}"


@dataclass
class RosterCell:
    value: str
    error: str = ""
    warning: str = ""


@dataclass
class RosterRow:
    row: int
    cells: list[RosterCell]  # in COLUMNS order, as shown in the preview
    data: dict[str, Any] = field(default_factory=dict)  # Member field values
    positions: list[tuple[str, str, Org]] = field(default_factory=list)  # (kind, title, org)
    id_key: str = ""
    warnings: dict[str, str] = field(default_factory=dict)  # column key → message; these do not block

    @property
    def has_errors(self) -> bool:
        return any(c.error for c in self.cells)


@dataclass
class RosterResult:
    rows: list[RosterRow]
    errors: list[RosterError]
    sheet: str = SHEET_TITLE
    # Worth a look but not wrong enough to refuse: e.g. 性别 disagreeing with the ID number.
    warnings: list[RosterError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def valid_rows(self) -> int:
        return sum(1 for r in self.rows if not r.has_errors)


# --- reading a file ------------------------------------------------------------------------------


def _read_bytes(file: bytes | str | Path | IO[bytes]) -> bytes:
    limit = settings.ZHIBU_IMPORT_MAX_BYTES
    too_big = f"文件过大,上限为{limit / 1024 / 1024:.0f}MB;请拆分为几个文件分别导入"
    if isinstance(file, bytes):
        data = file
    elif isinstance(file, str | Path):
        path = Path(file)
        if not path.is_file():
            raise RosterFileError(f"找不到文件“{path}”")
        if path.stat().st_size > limit:
            raise RosterFileError(too_big)
        data = path.read_bytes()
    else:
        size = getattr(file, "size", None)
        if size is not None and size > limit:
            raise RosterFileError(too_big)
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise RosterFileError(too_big)
    return data


def _open_workbook(data: bytes):
    """The workbook if `data` really is an .xlsx, whatever the file was called."""
    if not data:
        raise RosterFileError("文件是空的")
    if data.startswith(OLE_MAGIC):
        raise RosterFileError("这是旧版Excel(.xls)文件或设置了密码的文件;请在Excel中“另存为”Excel工作簿(.xlsx),"
                              "取消密码后再上传")
    if not data.startswith(XLSX_MAGIC):
        raise RosterFileError("文件不是Excel工作簿(.xlsx);请用模板填写后上传,不要只修改文件扩展名")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a zip that openpyxl cannot read: .docx, damaged files …
        raise RosterFileError("无法读取该文件:它不是有效的Excel工作簿(.xlsx),或文件已损坏") from exc


def _sheet(wb):
    if SHEET_TITLE in wb.sheetnames:
        return wb[SHEET_TITLE]
    for ws in wb.worksheets:
        if ws.title not in (HELP_SHEET_TITLE, CODES_SHEET_TITLE):
            return ws
    raise RosterFileError(f"工作簿中没有“{SHEET_TITLE}”工作表")


def _header_key(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"[\s*※]", "", text)


def _find_header(rows: Iterator[tuple], sheet: str) -> tuple[int, dict[int, Column]]:
    """The header row (a title row or two above it is allowed) and which column index holds what."""
    for row_no, values in enumerate(rows, start=1):
        found: dict[int, Column] = {}
        seen: dict[str, int] = {}
        for i, value in enumerate(values or ()):
            column = _HEADER_LOOKUP.get(_header_key(value))
            if column is None:
                continue
            if column.key in seen:
                raise RosterFileError(
                    f"第{row_no}行表头中“{column.header}”出现了两次(第{seen[column.key] + 1}列和第{i + 1}列)"
                )
            seen[column.key] = i
            found[i] = column
        if len(found) >= 3:
            missing = [c.header for c in COLUMNS if c.required and c.key not in seen]
            if missing:
                raise RosterFileError(f"表头缺少必填列:{'、'.join(missing)}(请使用名册模板)")
            return row_no, found
        if row_no >= 10:
            break
    raise RosterFileError(f"在“{sheet}”工作表的前10行中没有找到表头(姓名、身份证号等);请使用名册模板")


def roster_check_file(file: bytes | str | Path | IO[bytes]) -> bytes:
    """The file's bytes when it is a readable roster workbook with a header row; raise RosterFileError otherwise."""
    data = _read_bytes(file)
    wb = _open_workbook(data)
    try:
        ws = _sheet(wb)
        _find_header(ws.iter_rows(min_row=1, max_row=10, values_only=True), ws.title)
    finally:
        wb.close()
    return data


# --- cell values ---------------------------------------------------------------------------------


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", _display(value)).strip()


def parse_date(value: Any, today: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    """A date from an Excel date cell or the ways people type dates; (None, problem) when it is not one."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            return parse_date(str(int(value)), today)
        if not 1 <= value < 2958466:
            return None, "无法识别的日期,请按2022-07-14的格式填写"
        day = from_excel(value).date()
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if not text:
            return None, None
        m = _DATE_RE.match(text) or (re.match(r"^(\d{4})(\d{2})(\d{2})$", text))
        if not m:
            if _MONTH_RE.match(text):
                return None, "日期须精确到日,请按2022-07-14的格式填写"
            return None, "无法识别的日期,请按2022-07-14的格式填写"
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None, "不是有效的日期"
    if day.year < 1900:
        return None, "日期早于1900年,请核对"
    if day > (today or timezone.localdate()):
        return None, "日期不能晚于今天"
    return day, None


def _choice(key: str, value: Any) -> tuple[str | None, str | None]:
    text = _text(value)
    if not text:
        return None, None
    found = _CHOICES[key].get(text) or _CHOICES[key].get(text.lower())
    if found is None:
        return None, "应为以下之一:" + "、".join(COLUMN_BY_KEY[key].choices)
    return str(found), None


def _year(value: Any) -> tuple[int | None, str | None]:
    text = _text(value)
    if not text:
        return None, None
    m = re.match(r"^(\d{4})\s*(?:级|年级|年)?$", text)
    if not m:
        return None, "年级应为入学年份,如2021"
    year = int(m.group(1))
    if not 1950 <= year <= timezone.localdate().year + 1:
        return None, "年级不合理,请填写入学年份,如2021"
    return year, None


def _name(value: Any) -> str:
    text = _text(value)
    # Offices pad two-character names for alignment (“张 三”); a name of Chinese characters has no spaces.
    if _CJK_SPACED.match(text):
        text = re.sub(r"\s+", "", text)
    return re.sub(r"\s+", " ", text)


def _positions(value: Any) -> tuple[list[tuple[str, str]], str | None]:
    text = _text(value)
    if not text:
        return [], None
    found: list[tuple[str, str]] = []
    for word in filter(None, _POSITION_SPLIT.split(text)):
        if word in _POSITION_WORDS:
            kind, title = _POSITION_WORDS[word]
        elif _TITLE_RE.match(word):
            kind, title = Position.Kind.COMMITTEE_MEMBER, word
        else:
            return [], f"无法识别的职务“{word}”,应为{'、'.join(POSITION_CHOICES)}或其他“…委员”"
        if any(k == kind and t == title for k, t in found):
            continue
        found.append((kind, title))
    kinds = [k for k, _ in found]
    if Position.Kind.SECRETARY in kinds and Position.Kind.DEPUTY_SECRETARY in kinds:
        return [], "不能同时担任书记和副书记"
    return found, None


# --- parsing -------------------------------------------------------------------------------------


class _RowChecker:
    """Checks one row at a time; collects the codes and ID numbers that need the database afterwards."""

    def __init__(self) -> None:
        self.today = timezone.localdate()

    def check(self, row_no: int, raw: dict[str, Any]) -> tuple[RosterRow, dict[str, str], dict[str, Any]]:
        cells = [RosterCell(_display(raw.get(c.key))) for c in COLUMNS]
        problems: dict[str, str] = {}
        data: dict[str, Any] = {}
        extra: dict[str, Any] = {}

        warnings: dict[str, str] = {}

        def fail(key: str, message: str) -> None:
            problems.setdefault(key, message)

        for column in COLUMNS:
            if column.required and not _text(raw.get(column.key)):
                fail(column.key, "必填")

        data["name"] = _name(raw.get("name"))
        extra["org_code"] = _text(raw.get("org"))
        extra["group_code"] = _text(raw.get("group"))

        id_raw = raw.get("id_number")
        id_number = normalize_id_number(_text(id_raw))
        if id_number:
            problem = id_number_problem(id_number)
            if problem and isinstance(id_raw, int | float):
                fail("id_number", "身份证号码被存成了数字,后几位可能已丢失;请把本列设为“文本”格式后重新输入")
            elif problem:
                fail("id_number", f"身份证号码{problem}")
        data["id_number"] = id_number
        id_ok = bool(id_number) and "id_number" not in problems

        for key in ("gender", "status", "occupation"):
            value, problem = _choice(key, raw.get(key))
            if problem:
                fail(key, problem)
            data[key] = value
        if id_ok:
            from_id = id_gender(id_number)
            if data["gender"] is None and "gender" not in problems:
                data["gender"] = from_id
            elif data["gender"] and data["gender"] != from_id:
                warnings["gender"] = f"与身份证号码不符(身份证号码为{Member.Gender(from_id).label}性),请核对"

        for key in ("birth_date", "joined_on", "full_on"):
            value, problem = parse_date(raw.get(key), self.today)
            if problem:
                fail(key, problem)
            data[key] = value
        if id_ok:
            born = id_birth_date(id_number)
            if data["birth_date"] is None and "birth_date" not in problems:
                data["birth_date"] = born
            elif data["birth_date"] and data["birth_date"] != born:
                warnings["birth_date"] = f"与身份证号码中的出生日期({born.isoformat()})不符,请核对"
        if data["birth_date"] and data["joined_on"] and data["joined_on"] <= data["birth_date"]:
            fail("joined_on", "入党日期应晚于出生日期")

        phone = normalize_phone(_text(raw.get("phone")))
        if phone:
            problem = phone_problem(phone)
            if problem:
                fail("phone", f"电话号码{problem}")
        data["phone"] = phone

        data["class_year"], problem = _year(raw.get("class_year"))
        if problem:
            fail("class_year", problem)
        data["major"] = _text(raw.get("major"))
        data["note"] = _text(raw.get("note"))

        extra["positions"], problem = _positions(raw.get("positions"))
        if problem:
            fail("positions", problem)

        for key in ("name", "major", "note"):
            limit = Member._meta.get_field(key).max_length
            if len(data[key]) > limit:
                fail(key, f"不能超过{limit}个字(现有{len(data[key])}个)")

        # The model's own rules (status ↔ dates, students' major), mapped back to the columns.
        if data["status"] and data["occupation"]:
            try:
                Member(**{k: data[k] for k in ("status", "joined_on", "full_on", "occupation", "major")}).clean()
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    if key in COLUMN_BY_KEY and key not in problems:
                        fail(key, messages[0])

        for key, message in problems.items():
            cells[COLUMNS.index(COLUMN_BY_KEY[key])].error = message
        for key, message in warnings.items():
            cells[COLUMNS.index(COLUMN_BY_KEY[key])].warning = message
        row = RosterRow(row=row_no, cells=cells, data=data, id_key=id_number if id_ok else "", warnings=warnings)
        return row, problems, extra


def roster_parse(
    file: bytes | str | Path | IO[bytes], *, user, progress: Progress | None = None
) -> RosterResult:
    """Read a roster workbook and check every row; nothing is written.

    `user` is the uploader: branches outside where they may write are reported as unknown.
    None means the system (the command line without --user).
    """
    data = _read_bytes(file)
    wb = _open_workbook(data)
    try:
        ws = _sheet(wb)
        total_rows = ws.max_row or 0
        # Some programs write a wrong <dimension>; read to the real end of the sheet.
        ws.reset_dimensions()
        rows_iter = ws.iter_rows(min_row=1, values_only=True)
        header_row, layout = _find_header(rows_iter, ws.title)
        total = max(total_rows - header_row, 0)
        checker = _RowChecker()
        parsed: list[tuple[RosterRow, dict[str, str], dict[str, Any]]] = []
        for row_no, values in enumerate(rows_iter, start=header_row + 1):
            raw = {col.key: values[i] for i, col in layout.items() if i < len(values)}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
                continue
            parsed.append(checker.check(row_no, raw))
            if progress and len(parsed) % PROGRESS_EVERY == 0:
                progress(row_no - header_row, max(total, row_no - header_row))
        if progress:
            progress(max(total, 1), max(total, 1))
    finally:
        wb.close()
    rows = _check_against_database(parsed, scope=Scope(everything=True) if user is None else scope_for_user(user))
    errors = [
        RosterError(row.row, column.header, cell.value, cell.error)
        for row in rows
        for column, cell in zip(COLUMNS, row.cells, strict=True)
        if cell.error
    ]
    if not rows and not errors:
        errors.append(RosterError(header_row, "", "", "表头下面没有党员数据"))
    warnings = [
        RosterError(row.row, column.header, cell.value, cell.warning)
        for row in rows
        for column, cell in zip(COLUMNS, row.cells, strict=True)
        if cell.warning and not cell.error
    ]
    return RosterResult(rows=rows, errors=errors, sheet=ws.title, warnings=warnings)


def _check_against_database(parsed, *, scope: Scope) -> list[RosterRow]:
    """Branches, groups, ID numbers already registered, sitting secretaries: a bounded number of queries."""
    codes = {extra["org_code"] for _, _, extra in parsed if extra["org_code"]}
    orgs = {o.code: o for o in Org.objects.filter(code__in=codes)} if codes else {}
    # What the uploader may not write to does not exist, as far as this file is concerned.
    writable = {code: o for code, o in orgs.items() if scope.grants_full(o.path)}
    branch_ids = {o.pk for o in writable.values() if o.holds_members}
    groups = {
        g.code: g for g in Org.objects.filter(kind=Org.Kind.GROUP, parent_id__in=branch_ids)
    } if branch_ids else {}
    sitting = {
        p.org_id: p for p in Position.objects.filter(
            org_id__in=branch_ids, kind=Position.Kind.SECRETARY, ended_on__isnull=True,
        ).select_related("member")
    } if branch_ids else {}

    id_keys = [row.id_key for row, _, _ in parsed if row.id_key]
    registered: dict[str, tuple[str, str]] = {}
    for i in range(0, len(id_keys), LOOKUP_CHUNK):
        chunk = id_keys[i : i + LOOKUP_CHUNK]
        registered.update(
            (n, (path, org_name))
            for n, path, org_name in Member.objects.filter(id_number__in=chunk).values_list(
                "id_number", "org_path", "org__name"
            )
        )

    first_seen: dict[str, int] = {}
    secretaries: dict[int, int] = {}
    rows: list[RosterRow] = []
    for row, problems, extra in parsed:
        def fail(key: str, message: str, row=row, problems=problems) -> None:
            if key not in problems:
                problems[key] = message
                row.cells[COLUMNS.index(COLUMN_BY_KEY[key])].error = message

        org = writable.get(extra["org_code"])
        group = None
        if extra["org_code"] and org is None:
            fail("org", f"没有编码为“{extra['org_code']}”的支部,或您没有管理该支部的权限")
        elif org is not None and not org.holds_members:
            if org.kind == Org.Kind.GROUP:
                fail("org", "这是党小组的编码;支部编码请填其所属党支部,党小组编码填在“党小组编码”列")
            else:
                fail("org", f"党员不能直接编入{org.get_kind_display()},请填写党支部的编码")
            org = None
        if org is not None and extra["group_code"]:
            group = groups.get(extra["group_code"])
            if group is None or group.parent_id != org.pk:
                fail("group", f"支部“{org.name}”下没有编码为“{extra['group_code']}”的党小组")
                group = None

        if row.id_key:
            if row.id_key in first_seen:
                fail("id_number", f"与第{first_seen[row.id_key]}行的身份证号码重复")
            else:
                first_seen[row.id_key] = row.row
            if row.id_key in registered:
                path, org_name = registered[row.id_key]
                if scope.contains(path):
                    fail("id_number", f"该身份证号码已登记在“{org_name}”的党员名下")
                else:
                    fail("id_number", "该身份证号码已被登记")

        for kind, title in extra["positions"]:
            if org is None:
                break
            if kind == Position.Kind.GROUP_LEADER:
                if group is None:
                    if "group" not in problems:
                        fail("positions", "党小组组长须填写所在党小组的编码")
                    continue
                row.positions.append((kind, title, group))
                continue
            if kind == Position.Kind.SECRETARY:
                if org.pk in sitting:
                    holder = sitting[org.pk].member
                    fail("positions", f"“{org.name}”已有在任书记{holder.name};导入不会替换现任书记,"
                                      "如需换届请先在支部页面办理原书记离任,或删去本行的“书记”")
                elif org.pk in secretaries:
                    fail("positions", f"同一支部只能有一名书记(第{secretaries[org.pk]}行、第{row.row}行都填了书记)")
                else:
                    secretaries[org.pk] = row.row
            row.positions.append((kind, title, org))

        row.data["org"], row.data["group"] = org, group
        rows.append(row)
    return rows


# --- importing -----------------------------------------------------------------------------------


def roster_import(
    result: RosterResult, *, by, progress: Progress | None = None, note: str = ""
) -> int:
    """Create every member of a clean result in one transaction; returns how many. Refuses results with errors."""
    if result.errors:
        raise ValidationError(f"名册中有{len(result.errors)}处错误,未导入任何数据,请修改后重新上传")
    if not result.rows:
        raise ValidationError("名册中没有党员数据")
    for path in {row.data["org"].path for row in result.rows}:
        if by is not None and not can_manage(by, path):
            raise PermissionDenied("您没有权限向该支部导入党员")
    total = len(result.rows)
    actor = by if getattr(by, "is_authenticated", False) else None
    today = timezone.localdate()
    note = (note or "名册导入")[:300]
    try:
        with transaction.atomic():
            for start in range(0, total, BATCH_SIZE):
                batch = result.rows[start : start + BATCH_SIZE]
                members = [
                    Member(org_path=row.data["org"].path, **row.data) for row in batch
                ]
                Member.objects.bulk_create(members, batch_size=BATCH_SIZE)
                positions: list[Position] = []
                entries: list[AuditEntry] = []
                for row, member in zip(batch, members, strict=True):
                    changes = diff({}, snapshot(member, MEMBER_FIELDS))
                    held = [Position(member=member, org=org, kind=kind, title=title, started_on=today)
                            for kind, title, org in row.positions]
                    if held:
                        changes["positions"] = [None, "、".join(f"{p.org} {p.label}" for p in held)]
                        positions.extend(held)
                    entries.append(audit_entry(actor=actor, obj=member, action=AuditEntry.Action.IMPORT,
                                               changes=changes, org_path=member.org_path, note=note))
                if positions:
                    Position.objects.bulk_create(positions, batch_size=BATCH_SIZE)
                AuditEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
                if progress:
                    progress(start + len(batch), total)
    except IntegrityError as exc:
        # Someone registered one of these ID numbers, or a secretary, after the file was checked.
        raise ValidationError("导入时数据已被他人修改(如身份证号码已被登记或支部已任命书记),"
                              "未导入任何数据;请重新上传校验") from exc
    return total


# --- writing workbooks ---------------------------------------------------------------------------

# The example on the instruction sheet (a valid row for the demo tree's first branch).
EXAMPLE_ROW = {
    "org": "U1-WL-JG", "group": "U1-WL-JG-1", "name": "王芳", "gender": "女", "id_number": "110101199003074522",
    "birth_date": "1990-03-07", "phone": "13812345678", "status": "正式党员", "joined_on": "2012-06-01",
    "full_on": "2013-06-01", "occupation": "教师", "major": "物流管理", "positions": "组织委员",
}

_THIN = Side(style="thin", color="D9D9D9")
_HEADER_FILL = PatternFill("solid", fgColor="F6F6F6")
_REQUIRED_FONT = Font(bold=True, color="B71C1C")
_HEADER_FONT = Font(bold=True, color="333333")


def _header_cells(ws) -> list[WriteOnlyCell]:
    cells = []
    for column in COLUMNS:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = _REQUIRED_FONT if column.required else _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = Border(bottom=Side(style="medium", color="B71C1C"), right=_THIN)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        text = ("必填。" if column.required else "") + column.note
        if text:
            cell.comment = Comment(text, "zhibu", width=260, height=110)
        cells.append(cell)
    return cells


def _roster_sheet(wb: Workbook, *, codes: tuple[int, int] | None = None):
    """The roster sheet with header, formats, widths, dropdowns and a frozen header; rows appended by the caller."""
    ws = wb.create_sheet(SHEET_TITLE)
    for column in COLUMNS:
        dim = ws.column_dimensions[column.letter]
        dim.width = column.width
        if column.kind == "date":
            dim.number_format = DATE_FORMAT
        elif column.kind in ("text", "choice", "positions"):
            # Text, so that Excel keeps ID numbers, phones and codes exactly as typed.
            dim.number_format = TEXT_FORMAT
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    for column in COLUMNS:
        if not column.choices:
            continue
        strict = column.kind == "choice"
        dv = DataValidation(
            type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True,
            showErrorMessage=True, errorStyle="stop" if strict else "warning",
            errorTitle=f"{column.header}填写有误",
            error=("请从下拉列表中选择:" if strict else "建议从下拉列表中选择:") + "、".join(column.choices),
        )
        dv.add(f"{column.letter}2:{column.letter}{LAST_ROW}")
        ws.data_validations.append(dv)
    if codes is not None:
        branches, groups = codes
        for key, col, count in (("org", "A", branches), ("group", "D", groups)):
            if count:
                dv = DataValidation(
                    type="list", formula1=f"'{CODES_SHEET_TITLE}'!${col}$2:${col}${count + 1}", allow_blank=True,
                    showErrorMessage=True, errorStyle="warning", errorTitle="编码不在列表中",
                    error=f"建议从“{CODES_SHEET_TITLE}”工作表的编码中选择",
                )
                letter = COLUMN_BY_KEY[key].letter
                dv.add(f"{letter}2:{letter}{LAST_ROW}")
                ws.data_validations.append(dv)
    ws.append(_header_cells(ws))
    return ws


def _help_sheet(wb: Workbook, *, masked: bool = False) -> None:
    ws = wb.create_sheet(HELP_SHEET_TITLE)
    for letter, width in zip("ABCD", (14, 8, 70, 24), strict=True):
        ws.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")

    def line(*values, font=None):
        cells = []
        for v in values:
            c = WriteOnlyCell(ws, value=v)
            c.alignment = wrap
            if font:
                c.font = font
            cells.append(c)
        ws.append(cells)

    line("党员名册填写说明", font=Font(bold=True, size=14, color="B71C1C"))
    if masked:
        line("注意", "", "本文件中的身份证号码和手机号码已脱敏(中间用*代替),不能直接用于导入。",
             font=Font(bold=True, color="B71C1C"))
    for text in (
        "1. 在“党员名册”工作表中每行填写一名党员,第一行表头不要修改;红色表头为必填列。",
        "2. 导入时整份文件一起校验:只要有一处错误,就不会导入任何数据;系统会列出每处错误所在的行号和列名。",
        "3. 日期可填 2022-07-14、2022/7/14、2022年7月14日 或 2022.7.14,也可以用Excel的日期格式。",
        "4. 身份证号、手机号码两列请保持“文本”格式;从其他表格粘贴时请用“选择性粘贴—数值”,以免位数丢失。",
        "5. 同一身份证号码在文件中只能出现一次,也不能是系统中已登记的党员。",
        "6. 支部已有在任书记的,导入不会替换;如需换届,请先在支部页面办理原书记离任。",
    ):
        line("", "", text)
    line("")
    line("列名", "必填", "填写要求", "示例", font=Font(bold=True))
    for column in COLUMNS:
        allowed = f"(可选:{'、'.join(column.choices)})" if column.kind == "choice" else ""
        line(column.header, "是" if column.required else "", (column.note or "可不填。") + allowed,
             EXAMPLE_ROW.get(column.key, ""))


def _codes_sheet(wb: Workbook, branches: Sequence[Org], groups: Sequence[Org]) -> None:
    ws = wb.create_sheet(CODES_SHEET_TITLE)
    for letter, width in zip("ABCDEF", (18, 34, 4, 18, 24, 18), strict=True):
        ws.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = [WriteOnlyCell(ws, value=v) for v in ("支部编码", "支部名称", "", "党小组编码", "党小组名称", "所属支部编码")]
    for c in header:
        c.font = bold
    ws.append(header)
    parents = {b.pk: b.code for b in branches}
    for i in range(max(len(branches), len(groups))):
        b = branches[i] if i < len(branches) else None
        g = groups[i] if i < len(groups) else None
        ws.append([
            b.code if b else None, b.name if b else None, None,
            g.code if g else None, g.name if g else None, parents.get(g.parent_id, "") if g else None,
        ])


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def roster_template_workbook(*, branches: Sequence[Org] = (), groups: Sequence[Org] = ()) -> bytes:
    """An empty roster with instructions; with `branches`, the codes the user may import into as dropdowns."""
    wb = Workbook(write_only=True)
    _roster_sheet(wb, codes=(len(branches), len(groups)) if branches else None)
    _help_sheet(wb)
    if branches:
        _codes_sheet(wb, branches, groups)
    return _save(wb)


_DIGIT_COLUMNS = frozenset({"org", "group", "id_number", "phone"})


def _member_row(ws, member: Member, show_personal: bool) -> list:
    held = [
        p for p in (
            member.current_positions if hasattr(member, "current_positions")
            else member.positions.filter(ended_on__isnull=True)
        )
        if p.org_id in (member.org_id, member.group_id)
    ]
    values = {
        "org": member.org.code,
        "group": member.group.code if member.group_id else None,
        "name": member.name,
        "gender": member.get_gender_display(),
        "id_number": member.id_number if show_personal else mask_id_number(member.id_number),
        "birth_date": member.birth_date,
        "phone": (member.phone if show_personal else mask_phone(member.phone)) or None,
        "status": member.get_status_display(),
        "joined_on": member.joined_on,
        "full_on": member.full_on,
        "occupation": member.get_occupation_display(),
        "major": member.major or None,
        "class_year": member.class_year,
        "positions": "、".join(
            (p.title or p.get_kind_display()) if p.kind == Position.Kind.COMMITTEE_MEMBER else p.get_kind_display()
            for p in held
        ) or None,
        "note": member.note or None,
    }
    row = []
    for column in COLUMNS:
        value = values[column.key]
        if column.key in _DIGIT_COLUMNS and value:
            # Stored as text so that retyping in Excel does not turn an ID number into 1.10101E+17.
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = TEXT_FORMAT
            row.append(cell)
        else:
            row.append(value)  # openpyxl writes dates as yyyy-mm-dd
    return row


def roster_export_workbook(
    members: Iterable[Member], *, show_personal: bool, title: str = "", progress: Progress | None = None
) -> bytes:
    """Members in the template's layout; ID and phone numbers masked unless `show_personal`.

    Pass a queryset from `selectors.member_list_for_user` (it prefetches current positions).
    """
    wb = Workbook(write_only=True)
    ws = _roster_sheet(wb)
    iterator = members.iterator(chunk_size=2000) if hasattr(members, "iterator") else iter(members)
    count = 0
    for member in iterator:
        ws.append(_member_row(ws, member, show_personal))
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count, 0)
    if count:
        ws.auto_filter.ref = f"A1:{COLUMNS[-1].letter}{count + 1}"
    _help_sheet(wb, masked=not show_personal)
    info = wb.create_sheet("导出信息")
    info.column_dimensions["A"].width = 12
    info.column_dimensions["B"].width = 40
    for label, value in (
        ("范围", title),
        ("导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ("人数", count),
        ("个人信息", "已脱敏" if not show_personal else "未脱敏,请妥善保管,不得外传"),
    ):
        info.append([label, value])
    if progress:
        progress(count, count)
    return _save(wb)


# --- the stored upload between upload and confirmation ------------------------------------------
# The web flow keeps the uploaded bytes on disk under a random token, with the uploader's id beside
# them: the preview re-reads the file and only its uploader may open it.

_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
UPLOAD_MAX_AGE = dt.timedelta(days=1)


def _upload_dir() -> Path:
    return Path(settings.UPLOAD_ROOT) / "roster"


def _upload_paths(token: str) -> tuple[Path, Path] | None:
    if not _TOKEN_RE.match(token or ""):
        return None
    base = _upload_dir()
    return base / f"{token}.xlsx", base / f"{token}.json"


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def upload_save(data: bytes, *, user_id: int, filename: str) -> str:
    """Keep an uploaded roster for its preview; returns the token."""
    uploads_cleanup()
    base = _upload_dir()
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = secrets.token_urlsafe(24)
    book, meta = _upload_paths(token)
    _write_private(book, data)
    _write_private(meta, json.dumps({
        "user_id": user_id, "filename": Path(filename or "").name[:200],
        "uploaded_at": timezone.now().isoformat(),
    }, ensure_ascii=False).encode())
    return token


def upload_open(token: str, *, user_id: int) -> tuple[Path, dict] | None:
    """The stored workbook and its metadata, only for the user who uploaded it and only while fresh."""
    paths = _upload_paths(token)
    if paths is None or not paths[0].is_file() or not paths[1].is_file():
        return None
    book, meta_path = paths
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id:
        return None
    if timezone.now().timestamp() - meta_path.stat().st_mtime > UPLOAD_MAX_AGE.total_seconds():
        upload_discard(token)
        return None
    return book, meta


def upload_discard(token: str) -> None:
    paths = _upload_paths(token)
    if paths is not None:
        for path in paths:
            path.unlink(missing_ok=True)


def uploads_cleanup(max_age: dt.timedelta = UPLOAD_MAX_AGE) -> int:
    """Remove uploads nobody confirmed; returns how many files went."""
    base = _upload_dir()
    if not base.is_dir():
        return 0
    cutoff = timezone.now().timestamp() - max_age.total_seconds()
    removed = 0
    for path in base.iterdir():
        try:
            if path.suffix in (".xlsx", ".json") and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another worker got there first
            continue
    return removed
