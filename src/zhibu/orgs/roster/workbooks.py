"""Writing roster workbooks: the empty template with its instructions and codes, and exports in the same layout."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from zhibu.core.personal import mask_id_number, mask_phone
from zhibu.core.progress import ProgressCallback

from ..models import Member, Org, Position
from .columns import CODES_SHEET_TITLE, COLUMN_BY_KEY, COLUMNS, HELP_SHEET_TITLE, SHEET_TITLE

LAST_ROW = 1048576
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
# Rows written between progress reports.
PROGRESS_EVERY = 250

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
            error=("请从下拉列表中选择：" if strict else "建议从下拉列表中选择：") + "、".join(column.choices),
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
        line("注意", "", "本文件中的身份证号码和手机号码已脱敏（中间用*代替），不能直接用于导入。",
             font=Font(bold=True, color="B71C1C"))
    for text in (
        "1. 在“党员名册”工作表中每行填写一名党员，第一行表头不要修改；红色表头为必填列。",
        "2. 导入时整份文件一起校验：只要有一处错误，就不会导入任何数据；系统会列出每处错误所在的行号和列名。",
        "3. 日期可填 2022-07-14、2022/7/14、2022年7月14日 或 2022.7.14，也可以用Excel的日期格式。",
        "4. 身份证号、手机号码两列请保持“文本”格式；从其他表格粘贴时请用“选择性粘贴—数值”，以免位数丢失。",
        "5. 同一身份证号码在文件中只能出现一次，也不能是系统中已登记的党员。",
        "6. 支部已有在任书记的，导入不会替换；如需换届，请先在支部页面办理原书记离任。",
    ):
        line("", "", text)
    line("")
    line("列名", "必填", "填写要求", "示例", font=Font(bold=True))
    for column in COLUMNS:
        allowed = f"(可选：{'、'.join(column.choices)})" if column.kind == "choice" else ""
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
    members: Iterable[Member], *, show_personal: bool, title: str = "", progress: ProgressCallback | None = None
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
        ("个人信息", "已脱敏" if not show_personal else "未脱敏，请妥善保管，不得外传"),
    ):
        info.append([label, value])
    if progress:
        progress(count, count)
    return _save(wb)
