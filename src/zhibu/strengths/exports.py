"""Exports: the ranking as Excel (openpyxl) and a branch's annual assessment report as Word (python-docx).

Dates are ISO, as in every zhibu export.
"""

import io

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from .models import PlanCategory, Strength
from .scoring import BranchScore

FONT = "宋体"
HEADING_FONT = "黑体"


def _num(x):
    return "—" if x is None else (int(x) if float(x).is_integer() else round(float(x), 1))


def _header(ws, values: list[str]) -> list:
    cells = []
    for v in values:
        c = WriteOnlyCell(ws, value=v)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="F3E5E5")
        c.alignment = Alignment(horizontal="center")
        cells.append(c)
    return cells


def ranking_workbook(*, org, year: int, scores: list[BranchScore]) -> bytes:
    """Three sheets: the ranking, every branch's indicator values and scores, the indicators with their basis.
    Written in openpyxl's streaming mode: a province's ranking has hundreds of thousands of cells."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("七个有力排名")
    for col, width in zip("ABCDEFGHIJKL", [6, 16, 34, 8] + [12] * 7 + [10], strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "D3"
    title = WriteOnlyCell(ws, value=f"{org.name} {year}年度党支部“七个有力”评估排名")
    title.font = Font(bold=True, size=13)
    ws.append([title])
    ws.append(_header(ws, ["名次", "支部编码", "支部名称", "总分"] + [s.label for s in Strength] + ["调整（条）"]))
    for n, s in enumerate(scores, start=1):
        ws.append([n, s.org.code, s.org.name, s.total] + [s.by_strength[c] for c in Strength.values]
                  + [len(s.adjustments)])
    detail = wb.create_sheet("指标数值")
    labels = [f"{i.label}（{i.unit}）" for i in scores[0].indicators] if scores else []
    detail.append(_header(detail, ["支部编码", "支部名称"] + labels))
    for s in scores:
        detail.append([s.org.code, s.org.name] + [i.value for i in s.indicators])
    basis = wb.create_sheet("指标与依据")
    basis.append(_header(basis, ["指标编码", "有力", "指标", "单位", "目标", "权重", "依据"]))
    for i in scores[0].indicators if scores else []:
        basis.append([i.code, i.strength_label, i.label, i.unit, _num(i.target), _num(i.weight), i.citation])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _font(run, name: str = FONT, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def _para(doc, text: str, *, size: float = 12, bold: bool = False, font: str = FONT, center: bool = False):
    p = doc.add_paragraph()
    _font(p.add_run(text), font, size, bold)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def _table(doc, header: list[str], rows: list[list]) -> None:
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(t.rows[0].cells, header, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5, True)
    for row in rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(str(value)), FONT, 10.5)


def report_docx(*, score: BranchScore, plan=None, plan_rows=None, benchmark=None) -> bytes:
    """The branch's annual assessment report: scores by strength, every indicator with its basis,
    adjustments, the plan's goals with their results, and the model-branch gaps."""
    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    org, year = score.org, score.year
    _para(doc, f"{org.name}", size=16, bold=True, font=HEADING_FONT, center=True)
    _para(doc, f"{year}年度“七个有力”评估报告", size=15, bold=True, font=HEADING_FONT, center=True)
    _para(doc, f"综合得分：{score.total}分（满分100分）", size=12, bold=True)

    _para(doc, "一、七个方面得分", size=13, bold=True, font=HEADING_FONT)
    _table(doc, ["方面", "得分"], [[label, value] for _, label, value, _ in score.strengths()])

    _para(doc, "二、指标明细", size=13, bold=True, font=HEADING_FONT)
    rows = []
    for _, label, _, items in score.strengths():
        for i in items:
            value = "无数据" if i.value is None else f"{_num(i.value)}{i.unit}"
            adj = f"（含调整{i.adjustment:+g}）" if i.adjustment else ""
            rows.append([label, i.label, value, f"{_num(i.target)}{i.unit}", _num(i.weight), f"{i.score}{adj}"])
    _table(doc, ["方面", "指标", "实际", "目标", "权重", "得分"], rows)
    _para(doc, "评估依据：", size=10.5, bold=True)
    for i in score.indicators:
        _para(doc, f"{i.label}：{i.citation}", size=9)

    _para(doc, "三、评审调整", size=13, bold=True, font=HEADING_FONT)
    if score.adjustments:
        _table(doc, ["指标", "分值", "理由", "佐证", "调整人", "日期"], [
            [a.indicator.label, f"{a.points:+}", a.reason, a.evidence_title,
             (a.created_by.get_full_name() or a.created_by.username) if a.created_by else "", timezone.localdate(a.created_at).isoformat()]
            for a in score.adjustments])
    else:
        _para(doc, "无。")

    _para(doc, "四、年度工作计划完成情况", size=13, bold=True, font=HEADING_FONT)
    if plan is None:
        _para(doc, "本年度未制定工作计划。")
    else:
        if plan.summary:
            _para(doc, plan.summary)
        labels = dict(PlanCategory.choices)
        _table(doc, ["类别", "目标", "目标值", "实际", "完成"], [
            [labels[r["goal"].category], r["goal"].title,
             "" if r["goal"].target_value is None else _num(r["goal"].target_value),
             "" if r["indicator"] is None else _num(r["value"]),
             "" if r["met"] is None else ("已完成" if r["met"] else "未完成")]
            for r in plan_rows or []])
        if plan.review_note:
            _para(doc, "年终总结：", bold=True)
            _para(doc, plan.review_note)

    _para(doc, "五、对标样板支部", size=13, bold=True, font=HEADING_FONT)
    if benchmark is None:
        _para(doc, "上级党组织尚未设置样板支部标准。")
    else:
        _para(doc, "已达到样板支部标准。" if benchmark.meets else f"尚有{len(benchmark.gaps)}项差距。")
        _table(doc, ["条件", "要求", "实际", "是否达到"],
               [[c.label, c.required, c.actual, "达到" if c.met else "未达到"] for c in benchmark.checks])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
