"""A case as Word documents: the submission （申报材料） and the review record （评审记录）. Dates in ISO."""

import io
import re

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from zhibu.core import evidence as registry

from .models import SECTIONS, Case, Review, Transition

FONT, HEADING_FONT = "宋体", "黑体"
RED = RGBColor(0xB7, 0x1C, 0x1C)


def _font(run, name: str = FONT, size: float | None = None, bold: bool | None = None, color=None) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if color is not None:
        run.font.color.rgb = color


def _document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin = section.bottom_margin = Cm(2.4)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return doc


def _centered(doc, text: str, size: float, font: str = HEADING_FONT, bold: bool = True, color=None) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), font, size, bold, color)


def _heading(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(10)
    _font(p.add_run(text), HEADING_FONT, 14, True)


def _body(doc, text: str) -> None:
    for para in [p.strip() for p in re.split(r"\n+", text or "") if p.strip()] or ["（未填写）"]:
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(24)
        p.paragraph_format.line_spacing = 1.5
        _font(p.add_run(para))


LABEL_WIDTH, VALUE_WIDTH = Cm(3.2), Cm(12.6)


def _table(doc, rows: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = LABEL_WIDTH, VALUE_WIDTH
        _font(cells[0].paragraphs[0].add_run(label), HEADING_FONT, 11)
        _font(cells[1].paragraphs[0].add_run(value), FONT, 11)


def formula_lines(case: Case) -> list[str]:
    """一个中心：围绕专业建设 …, one line per pillar."""
    return [f"{p.numeral}{p.measure}{p.label}：{'、'.join(i.text for i in p.items.all())}"
            for p in case.method.pillars.all()]


def _save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def case_filename(case: Case, what: str) -> str:
    title = re.sub(r"[\\/:*?\"<>|“”‘’]+", "", case.title)[:60] or "工作法案例"
    return f"{title}-{what}.docx"


def case_docx(case: Case, *, evidence: list[dict]) -> bytes:
    """The submission: title, unit, formula, sections, honours, evidence list."""
    doc = _document()
    _centered(doc, "党支部工作法案例申报材料", 20, color=RED)
    _centered(doc, case.title, 16)
    _centered(doc, case.branch.name, 12, FONT, False)
    method = case.method
    rows = [("申报单位", case.branch.name), ("工作法", method.display_name + (f"——{method.slogan}" if method.slogan else "")),
            ("组成部分", "\n".join(formula_lines(case)))]
    if method.approach:
        rows.append(("工作思路", "、".join(method.approach)))
    if method.goals:
        rows.append(("工作目标", "、".join(method.goals)))
    honours = [f"{h.year}年 {h.title}" + (f"（{h.awarded_by}）" if h.awarded_by else "") for h in case.honours.all()]
    if honours:
        rows.append(("所获荣誉", "\n".join(honours)))
    rows.append(("状态", f"{case.get_status_display()}（第{case.round}轮）" if case.round else case.get_status_display()))
    _table(doc, rows)
    for key, label in SECTIONS:
        _heading(doc, f"{'一二三四'[[k for k, _ in SECTIONS].index(key)]}、{label}")
        _body(doc, getattr(case, key))
    if method.practices:
        _heading(doc, "附：主要工作方法")
        for i, practice in enumerate(method.practices, start=1):
            _font(doc.add_paragraph().add_run(f"{i}. {practice}"))
    _heading(doc, "佐证材料")
    if not evidence:
        _body(doc, "无")
    for i, row in enumerate(evidence, start=1):
        e = row["evidence"]
        date = e.record_date.isoformat() if e.record_date else ""
        p = doc.add_paragraph()
        _font(p.add_run(f"{i}. [{registry.label(e.kind)}] {date} {e.title}"), FONT, 11, True)
        if e.summary:
            _font(doc.add_paragraph().add_run(e.summary), FONT, 10.5)
    videos = [m for m in case.media.all() if m.kind == "video"]
    if videos:
        _heading(doc, "视频资料")
        for m in videos:
            _font(doc.add_paragraph().add_run(f"{m.caption or '视频'}：{m.url}"), FONT, 11)
    return _save(doc)


def review_docx(case: Case, *, timeline: list[Transition], reviews: list[Review]) -> bytes:
    """The review record: every round's steps, research symposia and the reviewers' comments."""
    doc = _document()
    _centered(doc, "党支部工作法案例评审记录", 20, color=RED)
    _centered(doc, case.title, 15)
    _table(doc, [("申报单位", case.branch.name), ("工作法", case.method.display_name),
                 ("当前状态", case.get_status_display()), ("报送轮次", str(case.round))])
    _heading(doc, "流转记录")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["时间", "轮次", "操作", "操作人与说明"], strict=True):
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5)
    for t in timeline:
        cells = table.add_row().cells
        who = (t.actor.get_full_name() or t.actor.username) if t.actor else "系统"
        if t.actor_org:
            who = f"{t.actor_org.display_name} {who}"
        detail = who + (f"：{t.note}" if t.note else "") + (f"（调研座谈会：{t.meeting.title}）" if t.meeting else "")
        for cell, text in zip(cells, [timezone.localtime(t.at).strftime("%Y-%m-%d %H:%M"), str(t.round),
                                      t.get_action_display(), detail], strict=True):
            _font(cell.paragraphs[0].add_run(text), FONT, 10)
    for review in reviews:
        org = review.reviewer_org.display_name if review.reviewer_org else ""
        name = (review.reviewer.get_full_name() or review.reviewer.username) if review.reviewer else ""
        _heading(doc, f"第{review.round}轮点评（{org} {name}，{timezone.localtime(review.at):%Y-%m-%d}）")
        _font(doc.add_paragraph().add_run(f"结论：{review.get_decision_display()}"), HEADING_FONT, 12, True)
        _font(doc.add_paragraph().add_run("总体意见："), HEADING_FONT, 12, True)
        _body(doc, review.overall)
        for _, label, comment in review.comments():
            _font(doc.add_paragraph().add_run(f"对“{label}”的意见："), HEADING_FONT, 12, True)
            _body(doc, comment)
    if not reviews:
        _body(doc, "尚无点评意见。")
    return _save(doc)
