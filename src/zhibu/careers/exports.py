"""The last-mile board as an Excel workbook: graduates still seeking and every help contact, masked by role.

Two sheets with Chinese headers and a frozen header row. Phones (graduates', helpers') and ID numbers (a
graduate who is a party member) are shown in full only where the user holds a full role over the row's
organisation, as on the roster export of `orgs`. Three queries whatever the number of rows.
"""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from zhibu.core.personal import mask_id_number, mask_phone
from zhibu.orgs.models import Org
from zhibu.orgs.selectors import scope_for_user

from .models import HelperContact
from .selectors_reports import STALE_DAYS, annotate_last_mile, last_mile_list

GRADUATE_HEADERS = [
    "序号",
    "姓名",
    "学号",
    "所属组织",
    "专业",
    "学历",
    "届别",
    "班级",
    "毕业日期",
    "手机号码",
    "身份证号码",
    "意向城市",
    "意向行业",
    "帮扶党员",
    "帮扶党员电话",
    "最近联系",
    "未联系天数",
    "下一步",
    "帮扶记录数",
]
CONTACT_HEADERS = ["学号", "姓名", "联系日期", "情况", "下一步", "记录人"]
WIDTHS = [6, 10, 14, 24, 16, 10, 8, 12, 12, 15, 21, 16, 20, 10, 15, 12, 10, 30, 10]
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="B71C1C")


def _header(ws, headers: list[str]) -> list[WriteOnlyCell]:
    cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cells.append(cell)
    return cells


def _sheet(wb: Workbook, title: str, headers: list[str], widths: list[int]):
    ws = wb.create_sheet(title)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.append(_header(ws, headers))
    return ws


def last_mile_workbook(*, user, org: Org | None = None, stale_only: bool = False) -> bytes:
    scope = scope_for_user(user)
    graduates = list(last_mile_list(user=user, org=org, stale_only=stale_only).select_related("member"))
    annotate_last_mile(graduates)
    contacts: dict[int, list[HelperContact]] = {}
    if graduates:
        rows = (
            HelperContact.objects.filter(
                graduate__in=last_mile_list(user=user, org=org, stale_only=stale_only).values("pk")
            )
            .select_related("by")
            .order_by("graduate_id", "-contacted_on", "-id")
        )
        for c in rows:
            contacts.setdefault(c.graduate_id, []).append(c)
    wb = Workbook(write_only=True)
    ws = _sheet(wb, "仍在求职的毕业生", GRADUATE_HEADERS, WIDTHS)
    for n, g in enumerate(graduates, start=1):
        full = scope.grants_full(g.org_path)
        id_number = g.member.id_number if g.member else ""
        id_full = g.member is not None and scope.grants_full(g.member.org_path)
        helper_phone = g.helper.phone if g.helper_id else ""
        ws.append(
            [
                n,
                g.name,
                g.student_number,
                g.org.name,
                g.major,
                g.get_degree_display(),
                f"{g.class_year}届",
                g.class_name,
                g.graduation_date.isoformat() if g.graduation_date else "",
                g.phone if full else mask_phone(g.phone),
                id_number if id_full else mask_id_number(id_number),
                "、".join(g.preferred_cities),
                "、".join(g.industry_labels()),
                g.helper.name if g.helper_id else "未指定",
                helper_phone
                if g.helper_id and scope.grants_full(g.helper.org_path)
                else mask_phone(helper_phone),
                g.last_contact_on.isoformat() if g.last_contact_on else "从未联系",
                g.days_since_contact if g.days_since_contact is not None else "",
                g.next_step,
                len(contacts.get(g.pk, [])),
            ]
        )
    cs = _sheet(wb, "帮扶记录", CONTACT_HEADERS, [14, 10, 12, 50, 30, 10])
    for g in graduates:
        for c in contacts.get(g.pk, []):
            cs.append(
                [
                    g.student_number,
                    g.name,
                    c.contacted_on.isoformat(),
                    c.note,
                    c.next_step,
                    (c.by.get_full_name() or c.by.username) if c.by_id else "",
                ]
            )
    info = wb.create_sheet("说明")
    info.append(
        [
            f"打通就业“最后一公里”：仍在求职的毕业生{len(graduates)}人"
            + (f"（{org.name}）" if org is not None else "")
            + (f"，只含{STALE_DAYS}天以上未联系的" if stale_only else "")
        ]
    )
    info.append(
        [
            f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}；无权查看的手机号码和身份证号码已脱敏（中间用*代替）。"
        ]
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
