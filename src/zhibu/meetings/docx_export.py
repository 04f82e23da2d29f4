"""A meeting's minutes as a Word document in the usual 会议记录 layout.

Title, then a bordered table: 会议类型, 时间, 地点, 主持人, 记录人, 应到/实到/请假/缺席 with names, 来宾，
议程; then 会议记录 and 决议 in full. Dates are ISO, as in every zhibu export.
"""

import io

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .models import Meeting
from .selectors import attendance_summary

FONT = "宋体"
HEADING_FONT = "黑体"


def _font(run, name: str = FONT, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def _time_span(meeting: Meeting) -> str:
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}—{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M}—{end:%Y-%m-%d %H:%M}"


def _names(rows, with_reason: bool = False) -> str:
    if not rows:
        return "无"
    if with_reason:
        return "、".join(f"{a.member.name}（{a.reason}）" for a in rows)
    return "、".join(a.member.name for a in rows)


def _chair(meeting: Meeting) -> str:
    if meeting.chair_id:
        return meeting.chair.name
    if meeting.chair_guest_id:
        g = meeting.chair_guest
        return " ".join(p for p in (g.unit, g.title, g.name) if p)
    return ""


def minutes_docx(meeting: Meeting) -> bytes:
    """The .docx bytes. `meeting` should come from `meeting_get_for_user(detail=True)` (parts prefetched)."""
    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run("会议记录"), HEADING_FONT, 20, True)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(meeting.title), HEADING_FONT, 15, True)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hosts = meeting.org.name
    co = [o.name for o in meeting.co_hosts.all()]
    _font(sub.add_run(f"主办：{hosts}" + (f"    协办：{'、'.join(co)}" if co else "")), size=10.5)

    counts = attendance_summary(meeting)
    guests = list(meeting.guests.all())
    agenda = list(meeting.agenda.all())
    rows = [
        ("会议类型", meeting.get_kind_display() + ("(调研)" if meeting.research else "")),
        ("主题", meeting.topic or "—"),
        ("时间", _time_span(meeting)),
        ("地点", meeting.place or "—"),
        ("主持人", _chair(meeting) or "—"),
        ("记录人", meeting.recorder.name if meeting.recorder_id else "—"),
        ("应到人数", f"{counts['expected']}人"),
        ("实到人数", f"{len(counts['present'])}人：{_names(counts['present'])}"),
        ("请假人数", f"{len(counts['leave'])}人：{_names(counts['leave'], with_reason=True)}"),
        ("缺席人数", f"{len(counts['absent'])}人：{_names(counts['absent'])}"),
        ("来宾", "\n".join(" ".join(p for p in (g.unit, g.title, g.name) if p) for g in guests) or "无"),
        ("议程", "\n".join(
            f"{a.ordinal}. {a.title}" + (f"（{a.presenter}）" if a.presenter else "") for a in agenda) or "—"),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Cm(3.2), Cm(12.8)
        _font(cells[0].paragraphs[0].add_run(label), bold=True)
        lines = str(value).split("\n")
        _font(cells[1].paragraphs[0].add_run(lines[0]))
        for line in lines[1:]:
            _font(cells[1].add_paragraph().add_run(line))

    for label, text in (("会议记录", meeting.minutes), ("决议", meeting.resolutions)):
        head = doc.add_paragraph()
        head.paragraph_format.space_before = Pt(12)
        _font(head.add_run(label), HEADING_FONT, 14, True)
        for para in (text or "无").splitlines() or ["无"]:
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
            _font(p.add_run(para))
    if any(a.summary for a in agenda):
        head = doc.add_paragraph()
        head.paragraph_format.space_before = Pt(12)
        _font(head.add_run("议程摘要"), HEADING_FONT, 14, True)
        for a in agenda:
            if a.summary:
                p = doc.add_paragraph()
                _font(p.add_run(f"{a.ordinal}. {a.title}"), bold=True)
                for para in a.summary.splitlines():
                    q = doc.add_paragraph()
                    q.paragraph_format.first_line_indent = Pt(24)
                    _font(q.add_run(para))

    signature = doc.add_paragraph()
    signature.paragraph_format.space_before = Pt(24)
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(signature.add_run(f"记录人：{meeting.recorder.name if meeting.recorder_id else '________'}    "
                            f"主持人：{_chair(meeting) or '________'}"))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def minutes_filename(meeting: Meeting) -> str:
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    safe = "".join(c for c in meeting.title if c not in '\\/:*?"<>|').strip()[:60] or "会议"
    return f"会议记录-{day}-{safe}.docx"
