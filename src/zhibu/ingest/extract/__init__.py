"""Report text → the fields of a meeting record, each with the span of the source it came from.

    extract(source_text, findings) -> Extraction     findings: the text guard's, offsets into source_text

Extraction reads the text with spam taken out (a replaced organisation name put back when the text
guard knows it), so that an injected phrase never becomes a value; spans point into the source.
`Extraction.to_json()` is the contract other tools rely on (see the command's help).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhibu.textguard import Finding

from . import agenda as agenda_mod
from . import event, people, when
from . import method as method_mod
from .cleaning import clean
from .script import as_written, simplified

Span = tuple[int, int]


@dataclass
class Extraction:
    event: dict
    work_method: dict | None
    spans: dict[str, Span] = field(default_factory=dict)  # field path ("event.attendees.0.unit") → source span
    spam_units: list[str] = field(default_factory=list)  # paths of unit fields where a spam phrase stood
    measures: list[str] = field(default_factory=list)  # each pillar's measure word (个, 重, 大), for the form
    title: str = ""  # a suggested meeting title
    chair_unit: str | None = None  # not in the JSON contract; pre-fills the form
    chair_title: str | None = None
    clean_text: str = ""  # the report with spam taken out (for the record's minutes)

    def to_json(self, findings: list[Finding]) -> dict:
        return {
            "event": self.event,
            "work_method": self.work_method,
            "spam": {"injected": bool(findings), "findings": [f.to_dict() for f in findings]},
        }


def extract(text: str, findings: list[Finding] = ()) -> Extraction:
    c = clean(text, findings)
    written = c.text
    t = simplified(written)  # the same text in simplified script, character for character

    def w_(value, span):
        return as_written(written, t, value, span)
    spans: dict[str, Span] = {}
    spam_units: list[str] = []

    def put(path: str, span: Span | None) -> None:
        if span is not None:
            spans[path] = c.span(*span)

    def unit_value(path: str, value: str | None, span: Span | None) -> str | None:
        """A unit where a spam phrase stood: the official name the guard suggests, or nothing."""
        if value is None or span is None:
            return value
        hit = c.touches_spam(*span)
        if hit is not None:
            spam_units.append(path)
            if not hit.replaces:
                value = value.strip() or None
        put(path, span)
        return w_(value, span) or None

    w = when.when(t)
    put("event.date", w.date_span)
    put("event.time", w.time_span)
    pl = event.place(t)
    put("event.place", pl.span)
    k = event.kind(t, w.date_span)
    put("event.type", k.span)
    units = event.organizers(t, date_span=w.date_span, place_span=pl.span)
    organizer_units = []
    for i, (value, span) in enumerate(zip(units.values, units.spans, strict=True)):
        v = unit_value(f"event.organizer_units.{len(organizer_units)}", value, span)
        if v:
            organizer_units.append(v)
        del i
    ch = people.chair(t)
    if ch:
        put("event.chair", ch.name_span)
    everyone = people.attendees(t)
    listed = [p for p in everyone if not ch or p.name != ch.name]
    listed_chair = next((p for p in everyone if ch and p.name == ch.name), None)
    if ch and listed_chair and (listed_chair.unit or listed_chair.title) and not ch.title:
        ch = listed_chair  # "市委组织部组织二处一级主任科员郭红钵" says more than "市委组织部郭红钵同志"
    attendees = []
    for i, p in enumerate(listed):
        base = f"event.attendees.{i}"
        put(f"{base}.name", p.name_span)
        put(f"{base}.title", p.title_span)
        unit = unit_value(f"{base}.unit", p.unit, p.unit_span)
        hit = c.touches_spam(p.start, p.name_span[0]) if p.unit_span is None else None
        if hit is not None:
            spam_units.append(f"{base}.unit")  # the spam phrase was the whole unit
            spans[f"{base}.unit"] = (hit.start, hit.end)
        attendees.append({"name": w_(p.name, p.name_span), "unit": unit, "title": w_(p.title, p.title_span)})
    items = []
    for i, a in enumerate(agenda_mod.agenda(t)):
        put(f"event.agenda.{i}.title", a.title_span)
        put(f"event.agenda.{i}.presenter", a.presenter_span)
        title_, presenter = w_(a.title, a.title_span), w_(a.presenter, a.presenter_span)
        items.append({"ordinal": a.ordinal, "title": title_, "presenter": presenter})
    m = method_mod.method(t)
    work_method = None
    if m:
        put("work_method.name", m.name_span)
        pillars = []
        for i, p in enumerate(m.pillars):
            put(f"work_method.pillars.{i}.label", p.span)
            for j, s in enumerate(p.item_spans):
                put(f"work_method.pillars.{i}.items.{j}", s)
            pillars.append({"count": p.count, "label": p.label, "items": p.items})
        work_method = {"name": w_(m.name, m.name_span), "pillars": pillars}
    ev = {
        "date": w.date.isoformat() if w.date else None,
        "date_text": w_(w.date_text, w.date_span),
        "time": w.time,
        "place": w_(pl.value, pl.span),
        "type": k.code,
        "organizer_units": organizer_units,
        "chair": w_(ch.name, ch.name_span) if ch else None,
        "attendees": attendees,
        "agenda": items,
    }
    title = event.title(t, w.date_span)
    title = written[t.find(title) : t.find(title) + len(title)] if title and t.find(title) >= 0 else title
    chair_unit = unit_value("event.chair_unit", ch.unit, ch.unit_span) if ch else None
    return Extraction(ev, work_method, spans, spam_units, [p.measure for p in m.pillars] if m else [], title,
                      chair_unit, w_(ch.title, ch.title_span) if ch else None, written)
