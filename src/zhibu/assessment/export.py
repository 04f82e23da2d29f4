"""Excel exports: the points ranking of a subtree and an appraisal's results. Dates in ISO."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .models import Grade, MemberAppraisal, PointRule
from .points import SCALE

HEADER_FILL = PatternFill("solid", fgColor="B71C1C")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def _sheet(wb: Workbook, title: str, header: list[str], rows, widths: list[int], tail=()):
    """A write-only sheet (20,000 rows in seconds): a red header row, frozen, then `rows`, then `tail`."""
    ws = wb.create_sheet(title[:31])
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    cells = []
    for text in header:
        cell = WriteOnlyCell(ws, value=text)
        cell.fill, cell.font, cell.alignment = HEADER_FILL, HEADER_FONT, Alignment(horizontal="center")
        cells.append(cell)
    ws.append(cells)
    for row in rows:
        ws.append(row)
    for row in tail:
        ws.append(row)
    return ws


def _bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ranking_xlsx(*, rows, year: int, rules: dict[str, PointRule], branch_names: dict[int, str]) -> bytes:
    kinds = [k for k in PointRule.Kind.values if k in rules]
    header = ["支部", "支部内排名", "姓名", "政治面貌", *[rules[k].label for k in kinds], f"{year}年度积分"]
    status = {"full": "正式党员", "probationary": "预备党员"}
    body = ([branch_names.get(r.org_id, ""), r.rank, r.name, status.get(r.status, r.status),
             *[r.parts[k][2] / SCALE if k in r.parts else 0 for k in kinds], r.total_milli / SCALE] for r in rows)
    wb = Workbook(write_only=True)
    _sheet(wb, f"{year}年度积分排名", header, body, [28, 10, 12, 10, *[14] * len(kinds), 14])
    rule_rows = ([r.label, r.code, float(r.points), r.unit, float(r.cap) if r.cap is not None else "不设上限"]
                 for r in rules.values())
    _sheet(wb, "积分规则", ["规则", "编码", "每单位分值", "单位", "年度上限"], rule_rows, [26, 24, 12, 8, 12])
    return _bytes(wb)


def appraisal_xlsx(*, appraisal: MemberAppraisal, rows: list[dict]) -> bytes:
    """rows: {name, votes {grade: n}, points, grade (label or "")}."""
    header = ["姓名", *[f"{label}票数" for _, label in Grade.choices], "年度积分", "评定等次"]
    body = ([r["name"], *[r["votes"].get(g, 0) for g in Grade.values], float(r["points"]), r["grade"]] for r in rows)
    tail = [[], ["党支部", appraisal.org.name], ["状态", appraisal.get_status_display()],
            ["优秀比例上限", appraisal.share_label]]
    if appraisal.decided_at:
        tail.append(["确定等次日期", timezone.localdate(appraisal.decided_at).isoformat()])
    wb = Workbook(write_only=True)
    _sheet(wb, f"{appraisal.year}年度民主评议结果", header, body, [12, 10, 10, 12, 10, 10, 10], tail)
    return _bytes(wb)
