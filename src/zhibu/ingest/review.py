"""What the review page shows and pre-fills: the source cut into highlighted pieces, and the forms'
initial values from an extraction. Units where a spam phrase stood are pre-filled with the official
name the text guard suggests, or left empty for the user to correct."""

from __future__ import annotations

from dataclasses import dataclass

from zhibu.textguard import Finding

from .extract import Extraction, extract
from .reading import Source

LABELS = {
    "date": "日期", "time": "时间", "place": "地点", "type": "类型", "organizer_units": "主办单位", "chair": "主持人",
    "attendees": "参会人员", "agenda": "议程", "name": "工作法名称", "pillars": "工作法组成部分",
}


@dataclass
class Piece:
    text: str
    field: str | None = None  # the field path it was extracted into
    label: str = ""
    spam: Finding | None = None


def analyse(source: Source) -> Extraction:
    return extract(source.text, source.text_findings)


def field_label(path: str) -> str:
    parts = path.split(".")
    key = parts[1] if len(parts) > 1 else parts[0]
    label = LABELS.get(key, key)
    if key in ("attendees", "agenda", "organizer_units", "pillars") and len(parts) > 2:
        label += f"第{int(parts[2]) + 1}项"
        if len(parts) > 3:
            label += {"name": "姓名", "unit": "单位", "title": "职务/议题", "presenter": "汇报人", "label": "名称",
                      "items": "条目"}.get(parts[3], parts[3])
    return label


def pieces(text: str, spans: dict[str, tuple[int, int]], spam: list[Finding]) -> list[Piece]:
    """The text cut at every span; spam phrases win over fields, earlier and longer spans over later ones."""
    marks: list[tuple[int, int, str | None, Finding | None]] = [(f.start, f.end, None, f) for f in spam]
    marks += [(s, e, path, None) for path, (s, e) in spans.items() if e > s]
    marks.sort(key=lambda m: (m[3] is None, m[0], -(m[1] - m[0])))
    taken: list[tuple[int, int, str | None, Finding | None]] = []
    for m in marks:
        if all(m[1] <= t[0] or m[0] >= t[1] for t in taken):
            taken.append(m)
    taken.sort()
    out, position = [], 0
    for start, end, path, finding in taken:
        if start > position:
            out.append(Piece(text[position:start]))
        out.append(Piece(text[start:end], path, field_label(path) if path else "", finding))
        position = end
    if position < len(text):
        out.append(Piece(text[position:]))
    return out


def initial(extraction: Extraction, *, org_code: str = "") -> dict:
    """Initial data for ReportForm and the three formsets."""
    ev, method = extraction.event, extraction.work_method
    form = {
        "kind": ev["type"], "title": extraction.title or "", "date": ev["date"], "time": ev["time"],
        "place": ev["place"] or "", "organizer_units": "\n".join(ev["organizer_units"]),
        "chair_name": ev["chair"] or "", "chair_unit": extraction.chair_unit or "",
        "chair_title": extraction.chair_title or "", "org": org_code, "minutes": extraction.clean_text.strip(),
    }
    if method:
        form["method_name"] = method["name"] if method["pillars"] else ""
        form["case_title"] = f"“{method['name']}”党支部工作法"
    attendees = [{"name": a["name"], "unit": a["unit"] or "", "title": a["title"] or ""} for a in ev["attendees"]]
    agenda = [{"title": a["title"], "presenter": a["presenter"] or ""} for a in ev["agenda"]]
    pillars = []
    if method:
        for i, p in enumerate(method["pillars"]):
            measure = extraction.measures[i] if i < len(extraction.measures) else ""
            pillars.append({"count": p["count"], "measure": measure, "label": p["label"], "items": "\n".join(p["items"])})
    return {"form": form, "attendees": attendees, "agenda": agenda, "pillars": pillars}


def grouped(findings: list[Finding]) -> list[tuple[Finding, int]]:
    """Findings with the same category and phrase shown once, with how often they occur."""
    seen: dict[tuple[str, str, str | None], list] = {}
    for f in findings:
        key = (f.category, f.phrase, f.replaces)
        if key in seen:
            seen[key][1] += 1
        else:
            seen[key] = [f, 1]
    return [(f, n) for f, n in seen.values()]


def preferred_org(orgs: list, units: list[str]) -> str:
    """The code of the managed org an organising unit names ("示例大学物流管理专业教工党支部" → that branch)."""
    if len(orgs) == 1:
        return orgs[0].code
    for unit in units:
        for org in sorted(orgs, key=lambda o: -len(o.name)):
            if unit.endswith(org.name) or (org.short_name and unit.endswith(org.short_name)):
                return org.code
    return ""
