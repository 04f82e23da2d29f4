"""Opening an uploaded roster: size limit, the real file format, the roster sheet and its header row."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from openpyxl import load_workbook

from .columns import CODES_SHEET_TITLE, COLUMNS, HEADER_LOOKUP, HELP_SHEET_TITLE, SHEET_TITLE, Column
from .results import RosterFileError

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def read_bytes(file: bytes | str | Path | IO[bytes]) -> bytes:
    limit = settings.ZHIBU_IMPORT_MAX_BYTES
    too_big = f"文件过大，上限为{limit / 1024 / 1024:.0f}MB；请拆分为几个文件分别导入"
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


def open_workbook(data: bytes):
    """The workbook if `data` really is an .xlsx, whatever the file was called."""
    if not data:
        raise RosterFileError("文件是空的")
    if data.startswith(OLE_MAGIC):
        raise RosterFileError("这是旧版Excel(.xls)文件或设置了密码的文件；请在Excel中“另存为”Excel工作簿（.xlsx），"
                              "取消密码后再上传")
    if not data.startswith(XLSX_MAGIC):
        raise RosterFileError("文件不是Excel工作簿（.xlsx）；请用模板填写后上传，不要只修改文件扩展名")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a zip that openpyxl cannot read: .docx, damaged files …
        raise RosterFileError("无法读取该文件：它不是有效的Excel工作簿（.xlsx），或文件已损坏") from exc


def find_sheet(wb):
    if SHEET_TITLE in wb.sheetnames:
        return wb[SHEET_TITLE]
    for ws in wb.worksheets:
        if ws.title not in (HELP_SHEET_TITLE, CODES_SHEET_TITLE):
            return ws
    raise RosterFileError(f"工作簿中没有“{SHEET_TITLE}”工作表")


def _header_key(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"[\s*※]", "", text)


def find_header(rows: Iterator[tuple], sheet: str) -> tuple[int, dict[int, Column]]:
    """The header row (a title row or two above it is allowed) and which column index holds what."""
    for row_no, values in enumerate(rows, start=1):
        found: dict[int, Column] = {}
        seen: dict[str, int] = {}
        for i, value in enumerate(values or ()):
            column = HEADER_LOOKUP.get(_header_key(value))
            if column is None:
                continue
            if column.key in seen:
                raise RosterFileError(
                    f"第{row_no}行表头中“{column.header}”出现了两次（第{seen[column.key] + 1}列和第{i + 1}列）"
                )
            seen[column.key] = i
            found[i] = column
        if len(found) >= 3:
            missing = [c.header for c in COLUMNS if c.required and c.key not in seen]
            if missing:
                raise RosterFileError(f"表头缺少必填列：{'、'.join(missing)}（请使用名册模板）")
            return row_no, found
        if row_no >= 10:
            break
    raise RosterFileError(f"在“{sheet}”工作表的前10行中没有找到表头（姓名、身份证号等）；请使用名册模板")


def roster_check_file(file: bytes | str | Path | IO[bytes]) -> bytes:
    """The file's bytes when it is a readable roster workbook with a header row; raise RosterFileError otherwise."""
    data = read_bytes(file)
    wb = open_workbook(data)
    try:
        ws = find_sheet(wb)
        find_header(ws.iter_rows(min_row=1, max_row=10, values_only=True), ws.title)
    finally:
        wb.close()
    return data
